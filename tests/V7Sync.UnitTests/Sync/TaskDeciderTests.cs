using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.UnitTests.Sync;

/// <summary>
/// The pure decision of the sync: which row a snapshot matches and what it changes (which snapshot is news:
/// TaskDeciderTests.Versions.cs; who owns what: TaskDeciderTests.Ownership.cs).
/// </summary>
public sealed partial class TaskDeciderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly SyncRules Rules = SyncRules.From(new DartOptions());

    private static TrackedTask Row(string status = "pending", string? dartId = "abcdefABCDEF", string? dartStatus = "To-do",
        DateTimeOffset? version = null, DateTimeOffset? startedAt = null, DateTimeOffset? completedAt = null, params string[] urls) =>
        new(7, new WorkOrderKey(1, 3), status, dartId, dartId is null ? null : $"https://app.dartai.com/t/{dartId}", dartStatus,
            version ?? (dartId is null ? null : T0), startedAt, completedAt, urls);

    private static DartTask Task(string status = "To-do", DateTimeOffset? updatedAt = null, DateTimeOffset? completedAt = null,
        bool full = true, string title = "P1.T3 Document all duplicate ENUMs", string? description = null, params string[] attachments) => new()
    {
        Id = "abcdefABCDEF",
        HtmlUrl = "https://app.dartai.com/t/abcdefABCDEF",
        Title = title,
        Status = status,
        UpdatedAt = updatedAt ?? T0.AddMinutes(1),
        CompletedAt = completedAt,
        Description = full ? description ?? "" : null,
        Attachments = full ? attachments.Select(u => new DartAttachment("file", u, "text/plain")).ToList() : null,
    };

    private static TaskDecision Decide(TrackedTask? row, DartTask snapshot, bool fetched = false) =>
        TaskDecider.Decide(new TaskMatch(row, null, false, false), snapshot, Rules, fetched, Now);

    private static IEnumerable<string> Actions(TaskDecision decision) => decision.Changes.Select(c => $"{c.Action}:{c.Field}");

    [Fact]
    public void Match_TitleKeyOfAnUnlinkedRow_LinksThatRow()
    {
        var row = Row(dartId: null);

        var match = TaskDecider.Match(Task(), [row], Rules, (_, _) => false);

        Assert.Same(row, match.Row);
    }

    [Fact]
    public void Match_DartIdWinsOverTheTitleKey()
    {
        var linked = Row() with { Id = 9, Key = new WorkOrderKey(4, 4) };
        var byKey = Row(dartId: null);

        var match = TaskDecider.Match(Task(), [byKey, linked], Rules, (_, _) => false);

        Assert.Same(linked, match.Row);
    }

    [Fact]
    public void Decide_KeyOfARowLinkedElsewhere_IsAConflictNotARelink()
    {
        var holder = Row(dartId: "zzzzzzzzzzzz");
        var match = TaskDecider.Match(Task(), [holder], Rules, (_, _) => false);

        var decision = TaskDecider.Decide(match, Task(), Rules, fetched: false, Now);

        Assert.Null(match.Row);
        Assert.Equal(DecisionKind.KeyConflict, decision.Kind);
        Assert.Null(decision.NewState);
    }

    [Fact]
    public void Decide_ConflictAlreadyReported_SaysNothingNew()
    {
        var match = new TaskMatch(null, Row(dartId: "zzzzzzzzzzzz"), false, ConflictFindingOpen: true);

        var decision = TaskDecider.Decide(match, Task(), Rules, fetched: false, Now);

        Assert.Equal(DecisionKind.Apply, decision.Kind);
        Assert.Null(decision.NewState);
    }

    [Theory]
    [InlineData(false, DecisionKind.Unlinked)]
    [InlineData(true, DecisionKind.Apply)]
    public void Decide_NoMatchingRow_IsReportedOnce(bool findingOpen, DecisionKind expected)
    {
        var decision = TaskDecider.Decide(new TaskMatch(null, null, findingOpen, false), Task(title: "Unrelated"), Rules, false, Now);

        Assert.Equal(expected, decision.Kind);
        Assert.Empty(decision.Changes);
    }

    [Fact]
    public void Decide_FirstFullSnapshotForAnUnlinkedRow_LinksItAndRecordsTheUrl()
    {
        var decision = Decide(Row(dartId: null), Task());

        Assert.Equal(["task_linked:dart_task_id", "task_linked:dart_task_url"], Actions(decision));
        Assert.Equal("abcdefABCDEF", decision.NewState!.DartTaskId);
        Assert.Equal("https://app.dartai.com/t/abcdefABCDEF", decision.NewState.DartTaskUrl);
    }

    [Fact]
    public void Decide_Doing_MovesToInProgressAndSetsStartedAtOnce()
    {
        var updatedAt = T0.AddHours(2);

        var first = Decide(Row(), Task("Doing", updatedAt));
        var again = Decide(Row("in_progress", dartStatus: "In review", startedAt: T0), Task("Doing", updatedAt));

        Assert.Equal(["status_changed:status", "started_at_set:started_at"], Actions(first));
        Assert.Equal(updatedAt, first.NewState!.StartedAt);
        Assert.DoesNotContain("started_at_set:started_at", Actions(again));
        Assert.Equal(T0, again.NewState!.StartedAt);
    }

    [Fact]
    public void Decide_DoneWithCompletedAt_CompletesTheTask()
    {
        var completedAt = T0.AddHours(3);

        var decision = Decide(Row("in_progress", dartStatus: "Doing", startedAt: T0), Task("Done", T0.AddHours(3), completedAt));

        Assert.Equal(["status_changed:status", "completed_at_set:completed_at"], Actions(decision));
        Assert.Equal("completed", decision.NewState!.Status);
        Assert.Equal(completedAt, decision.NewState.CompletedAt);
    }

    [Fact]
    public void Decide_ReopenedTask_ClearsCompletedAt()
    {
        var decision = Decide(Row("completed", dartStatus: "Done", completedAt: T0), Task("To-do", T0.AddHours(1)));

        Assert.Equal(["status_changed:status", "completed_at_cleared:completed_at"], Actions(decision));
        Assert.Null(decision.NewState!.CompletedAt);
    }

    [Fact]
    public void Decide_UnmappedStatus_ChangesNothingAndSaysSoOncePerTitle()
    {
        var first = Decide(Row("in_progress", dartStatus: "Doing", startedAt: T0), Task("Waiting on Legal", T0.AddHours(1)));
        var again = Decide(Row("in_progress", dartStatus: "Waiting on Legal", startedAt: T0), Task("Waiting on Legal", T0.AddHours(2)));

        Assert.Equal(["status_unmapped:dart_status"], Actions(first));
        Assert.Equal("in_progress", first.NewState!.Status);
        Assert.Empty(again.Changes);
    }

    [Fact]
    public void Decide_Deliverables_AreAppendedOnceAndNeverRemoved()
    {
        var row = Row(urls: ["https://files/old.pdf", "https://app.dartai.com/o/DocDocDocDoc-Old-Title"]);
        var snapshot = Task("To-do", T0.AddHours(1),
            description: "Report: [v2](https://app.dartai.com/o/DocDocDocDoc-New-Title) and https://app.dartai.com/o/OtherDoc1234-Spec.",
            attachments: ["https://files/new.pdf", "https://files/new.pdf"]);

        var decision = Decide(row, snapshot);

        Assert.Equal(["https://files/new.pdf", "https://app.dartai.com/o/OtherDoc1234-Spec"],
            decision.Changes.Where(c => c.Action == AuditActions.DeliverableAdded).Select(c => c.NewValue));
        Assert.Equal(["https://files/old.pdf", "https://app.dartai.com/o/DocDocDocDoc-Old-Title", "https://files/new.pdf",
            "https://app.dartai.com/o/OtherDoc1234-Spec"], decision.NewState!.DeliverableUrls);
    }

    [Fact]
    public void Decide_DartsAssignees_AreTheRowsAndAChangeIsAuditedAsTheWholeList()
    {
        var row = Row() with { DartAssignees = ["Layer 1 Guardian"] };

        var decision = Decide(row, Task("To-do", T0.AddHours(1)) with { Assignees = ["Layer 1 Guardian", "The Architect"] });

        var change = Assert.Single(decision.Changes, c => c.Action == AuditActions.AssigneesChanged);
        Assert.Equal(("dart_assignees", "Layer 1 Guardian", "Layer 1 Guardian, The Architect"), (change.Field, change.OldValue, change.NewValue));
        Assert.Equal(["Layer 1 Guardian", "The Architect"], decision.NewState!.DartAssignees);
    }

    [Theory]
    [InlineData(null, null, new string[0])]
    [InlineData(new[] { "The Architect" }, null, new[] { "The Architect" })]
    [InlineData(null, "architect@v7.example", new[] { "architect@v7.example" })]   // a workspace without multiple assignees
    public void Decide_TheSameAssignees_AreNoChange_WhicheverFieldDartSendsThem(string[]? assignees, string? assignee, string[] stored)
    {
        var row = Row() with { DartAssignees = stored };

        var decision = Decide(row, Task("To-do", T0.AddHours(1)) with { Assignees = assignees, Assignee = assignee });

        Assert.DoesNotContain(decision.Changes, c => c.Action == AuditActions.AssigneesChanged);
        Assert.Equal(stored, decision.NewState!.DartAssignees);
    }

    [Theory]
    [InlineData("P1.T3 Document all duplicate ENUMs", 1, 3)]
    [InlineData("[P7.T12] Retire the old models", 7, 12)]
    public void FindKey_ReadsTheWorkOrderKeyFromTheTitle(string title, int phase, int task) =>
        Assert.Equal(new WorkOrderKey(phase, task), Rules.FindKey(title));

    [Fact]
    public void FindKey_TitleWithoutKey_IsNull() => Assert.Null(Rules.FindKey("Plan the retro"));

}
