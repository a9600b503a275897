using System.Text;
using Npgsql;
using V7Sync.Webhooks;

namespace V7Sync.UnitTests.Webhooks;

/// <summary>
/// The batch applier over recording doubles of the reconciler and the deliverables (InboxBatchApplierTests.Doubles.cs).
/// </summary>
public sealed partial class InboxBatchApplierTests
{
    private readonly RecordingReconciler _reconciler = new();
    private readonly RecordingDeliverables _deliverables = new();

    [Fact]
    public async Task ApplyAsync_TaskSnapshots_GoInOneCallOldestFirstWithSourceWebhook()
    {
        var newer = Row(1, "task.updated", Task("abcdefABCDEF", "Done", "2026-11-25T10:00:02Z"));
        var older = Row(2, "task.status_updated", Task("abcdefABCDEF", "Doing", "2026-11-25T10:00:01Z"));

        var outcomes = await CreateSut().ApplyAsync([newer, older], CancellationToken.None);

        var call = Assert.Single(_reconciler.Applied);
        Assert.Equal(["Doing", "Done"], call.Select(t => t.Status));
        Assert.All(_reconciler.Sources, s => Assert.Equal("webhook", s));
        Assert.All(outcomes, o => Assert.Equal(InboxStatus.Processed, o.Status));
    }

    public static TheoryData<Exception, string> FailuresAlone() => new()
    {
        // No retry can fix it (a bug, a snapshot that never applies): dead at once.
        { new InvalidOperationException("The reconciler refused the snapshot."), InboxStatus.Dead },
        // DART failing may pass: retried.
        { new HttpRequestException("DART unreachable"), InboxStatus.Pending },
    };

    [Theory]
    [MemberData(nameof(FailuresAlone))]
    public async Task ApplyAsync_BatchCallFails_OnlyTheRowThatFailsAloneFails_RetriedOnlyIfTheFaultMayPass(Exception error, string expected)
    {
        _reconciler.FailFor = "badbadbadbad";
        _reconciler.FailForWith = error;
        var good = Row(1, "task.updated", Task("abcdefABCDEF", "Done", "2026-11-25T10:00:00Z"));
        var bad = Row(2, "task.updated", Task("badbadbadbad", "Done", "2026-11-25T10:00:00Z"));

        var outcomes = await CreateSut().ApplyAsync([good, bad], CancellationToken.None);

        Assert.Equal(InboxStatus.Processed, outcomes.Single(o => o.Event.Id == 1).Status);
        var failed = outcomes.Single(o => o.Event.Id == 2);
        Assert.Equal(expected, failed.Status);
        Assert.Contains(error.Message, failed.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_SnapshotTheDatabaseRefuses_IsSetAsideAndDeadAtOnceNamingTheError()
    {
        _reconciler.FailFor = "badbadbadbad";
        _reconciler.FailForWith = new PostgresException("invalid byte sequence for encoding \"UTF8\": 0x00", "ERROR", "ERROR", "22021");
        var good = Row(1, "task.updated", Task("abcdefABCDEF", "Done", "2026-11-25T10:00:00Z"));
        var bad = Row(2, "task.updated", Task("badbadbadbad", "Done", "2026-11-25T10:00:00Z"));

        var outcomes = await CreateSut().ApplyAsync([good, bad], CancellationToken.None);

        Assert.Equal(InboxStatus.Processed, outcomes.Single(o => o.Event.Id == 1).Status);
        var failed = outcomes.Single(o => o.Event.Id == 2);
        Assert.Equal(InboxStatus.Dead, failed.Status);
        Assert.Contains("22021", failed.Note, StringComparison.Ordinal);
        var setAside = Assert.Single(_reconciler.SetAside);
        Assert.Equal("badbadbadbad", setAside.Subject);
        Assert.Contains("refused", setAside.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"abcdefABCDEF","title":"P1.T1 x","status":null,"updatedAt":"2026-11-25T10:00:00Z","attachments":[]}""", "abcdefABCDEF", "$.status")]
    [InlineData("""{"id":"abcdefABCDEF","title":7,"status":"Done","updatedAt":"2026-11-25T10:00:00Z","attachments":[]}""", "abcdefABCDEF", "$.title")]
    [InlineData("""{"id":"abcdefABCDEF","title":"P1.T1 x","status":"Done","attachments":[null]}""", "abcdefABCDEF", "$.attachments[0]")]
    [InlineData("""{"id":"not-an-id","title":"P1.T1 x","status":"Done"}""", "webhook@1", "$.id")]
    public async Task ApplyAsync_UnreadableTask_IsDeadAtOnceWithTheReadersReasonAndSetAside(string model, string subject, string path)
    {
        var outcomes = await CreateSut().ApplyAsync([Row(1, "task.updated", model)], CancellationToken.None);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(InboxStatus.Dead, outcome.Status);
        Assert.Contains(path, outcome.Note, StringComparison.Ordinal);
        Assert.Equal(subject, Assert.Single(_reconciler.SetAside).Subject);
        Assert.Empty(_reconciler.Applied);
    }

    public static TheoryData<Exception> Outages() => new()
    {
        new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt")),
        // As EF Core's retry strategy reports it: the driver's exception inside.
        new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task ApplyAsync_BatchCallFailsForAnOutage_RetriesTheWholeBatchWithoutTryingRowByRow(Exception outage)
    {
        _reconciler.FailWith = outage;
        var first = Row(1, "task.updated", Task("abcdefABCDEF", "Done", "2026-11-25T10:00:00Z"));
        var second = Row(2, "task.updated", Task("bcdefaBCDEFA", "Done", "2026-11-25T10:00:00Z"));
        var deleted = Row(3, "task.deleted", Task("cdefabCDEFAB", "Done", "2026-11-25T10:00:00Z"), "cdefabCDEFAB");

        var outcomes = await CreateSut().ApplyAsync([first, second, deleted], CancellationToken.None);

        Assert.Equal(1, _reconciler.Attempts);
        Assert.Equal([1L, 2L, 3L], outcomes.Select(o => o.Event.Id).Order());
        Assert.All(outcomes, o => Assert.Equal(InboxStatus.Pending, o.Status));
        Assert.All(outcomes, o => Assert.Contains(outage.Message, o.Note, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_BatchCallFailsForADataError_StillTriesEachRowAlone()
    {
        _reconciler.FailWith = new NpgsqlException("violates check constraint");
        var first = Row(1, "task.updated", Task("abcdefABCDEF", "Done", "2026-11-25T10:00:00Z"));
        var second = Row(2, "task.updated", Task("bcdefaBCDEFA", "Done", "2026-11-25T10:00:00Z"));

        var outcomes = await CreateSut().ApplyAsync([first, second], CancellationToken.None);

        Assert.Equal(3, _reconciler.Attempts);
        Assert.All(outcomes, o => Assert.Equal(InboxStatus.Dead, o.Status));
    }

    [Fact]
    public async Task ApplyAsync_TaskDeleted_MarksTheTaskDeleted()
    {
        var outcomes = await CreateSut().ApplyAsync(
            [Row(1, "task.deleted", Task("abcdefABCDEF", "Done", "2026-11-25T10:00:00Z"), "abcdefABCDEF")], CancellationToken.None);

        Assert.Equal(["abcdefABCDEF"], _reconciler.Deleted);
        Assert.Equal(InboxStatus.Processed, Assert.Single(outcomes).Status);
    }

    [Fact]
    public async Task ApplyAsync_CommentWithADocLink_AddsTheDeliverableToItsTask()
    {
        var comment = """{"id":"cmtcmtcmtcmt","taskId":"abcdefABCDEF","text":"Done: https://app.dartai.com/o/DocDocDocDoc-Plan."}""";

        var outcomes = await CreateSut().ApplyAsync([Row(1, "comment.created", comment)], CancellationToken.None);

        var (taskId, urls) = Assert.Single(_reconciler.Deliverables);
        Assert.Equal("abcdefABCDEF", taskId);
        Assert.Equal(["https://app.dartai.com/o/DocDocDocDoc-Plan"], urls);
        Assert.Equal(InboxStatus.Processed, Assert.Single(outcomes).Status);
    }

    [Fact]
    public async Task ApplyAsync_CommentWithoutDocLink_IsProcessedWithNothingApplied()
    {
        var outcomes = await CreateSut().ApplyAsync(
            [Row(1, "comment.created", """{"id":"cmtcmtcmtcmt","taskId":"abcdefABCDEF","text":"looks good"}""")], CancellationToken.None);

        Assert.Empty(_reconciler.Deliverables);
        Assert.Equal(InboxStatus.Processed, Assert.Single(outcomes).Status);
    }

    [Fact]
    public async Task ApplyAsync_DocEvents_GoToTheReportDocsAndUnknownKindsAreIgnored()
    {
        var doc = """{"id":"docdocdocdoc","htmlUrl":"https://app.dartai.com/o/docdocdocdoc-P1T3-report","title":"P1.T3 report","folder":"V7 Conductor Persona Docs","text":"x"}""";

        var outcomes = await CreateSut().ApplyAsync(
            [Row(1, "doc.updated", doc), Row(2, "space.exploded", "{}"), Row(3, "doc.deleted", """{"id":"gonegonegone"}""")], CancellationToken.None);

        Assert.Equal(0, _reconciler.Calls);
        Assert.Equal([("doc.updated", "docdocdocdoc", "P1.T3 report"), ("doc.deleted", "gonegonegone", null)],
            _deliverables.Docs.Select(d => (d.Type, d.Read.Key, d.Read.Doc?.Title)));
        Assert.Equal(InboxStatus.Processed, outcomes.Single(o => o.Event.Id == 1).Status);
        Assert.Equal(InboxStatus.Ignored, outcomes.Single(o => o.Event.Id == 2).Status);
        Assert.Equal(InboxStatus.Processed, outcomes.Single(o => o.Event.Id == 3).Status);
    }

    [Fact]
    public async Task ApplyAsync_DocThatDoesNotRead_IsDeadAtOnceWithTheReason()
    {
        var outcomes = await CreateSut().ApplyAsync(
            [Row(1, "doc.created", """{"id":"docdocdocdoc","htmlUrl":"javascript:alert(1)","title":"P1.T3 report"}""")], CancellationToken.None);

        var outcome = Assert.Single(outcomes);
        Assert.Equal(InboxStatus.Dead, outcome.Status);
        Assert.Contains("$.htmlUrl", outcome.Note, StringComparison.Ordinal);
        Assert.Empty(_deliverables.Docs);
    }

    [Fact]
    public async Task ApplyAsync_CommentForATaskNotLinkedYet_KeepsItsLinks_AndSnapshotsApplyKeptLinks()
    {
        _reconciler.Unlinked = true;
        var comment = """{"id":"cmtcmtcmtcmt","taskId":"abcdefABCDEF","text":"Done: https://app.dartai.com/o/DocDocDocDoc-Plan."}""";

        await CreateSut().ApplyAsync([Row(1, "comment.created", comment)], CancellationToken.None);
        await CreateSut().ApplyAsync([Row(2, "task.updated", Task("abcdefABCDEF", "Done", "2026-11-25T10:00:00Z"))], CancellationToken.None);

        var (kept, urls) = Assert.Single(_deliverables.Kept);
        Assert.Equal(("cmtcmtcmtcmt", "abcdefABCDEF"), (kept.Id, kept.TaskId));
        Assert.Equal(["https://app.dartai.com/o/DocDocDocDoc-Plan"], urls);
        Assert.Equal(1, _deliverables.KeptApplied);
    }

    [Fact]
    public async Task ApplyAsync_UnreadableTask_GoesDeadAtOnce()
    {
        var outcomes = await CreateSut().ApplyAsync([Row(1, "task.updated", """{"title":"no id"}""")], CancellationToken.None);

        Assert.Equal(InboxStatus.Dead, Assert.Single(outcomes).Status);
        Assert.Empty(_reconciler.Applied);
    }

    private InboxBatchApplier CreateSut() => new(_reconciler, _deliverables);

    private static ClaimedEvent Row(long id, string type, string model, string? dartTaskId = null) =>
        new(id, type, dartTaskId, null, Encoding.UTF8.GetBytes($$"""{"type":"{{type}}","data":{"model":""" + model + "}}"), 1);

    private static string Task(string id, string status, string updatedAt) =>
        $$"""{"id":"{{id}}","title":"P1.T1 x","status":"{{status}}","updatedAt":"{{updatedAt}}","attachments":[]}""";
}
