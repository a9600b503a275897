using Microsoft.Extensions.DependencyInjection;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Sync;

/// <summary>Whatever order snapshots arrive in, the row ends in the state of the newest updatedAt.</summary>
public sealed class ReconcilerOrderingTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeDart _dart = new();
    private TestDatabase _db = null!;
    private V7SyncApp _app = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 3, 'Document all duplicate ENUMs')");
        _app = new V7SyncApp(_db.ConnectionString, _dart.Settings());
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _app.DisposeAsync();
            _dart.Dispose(); // fails the test on an unstubbed request; the database is dropped all the same
        }
        finally
        {
            await _db.DisposeAsync();
        }
    }

    private static DartTask Snapshot(string status, DateTimeOffset updatedAt, DateTimeOffset? completedAt = null, params string[] attachments) =>
        NewTask("abcdefABCDEF", "P1.T3 Document all duplicate ENUMs", status, updatedAt, completedAt, attachments);

    private async Task<ReconcileSummary> ApplyAsync(params DartTask[] snapshots)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITaskReconciler>().ApplyAsync(snapshots, "webhook", CancellationToken.None);
    }

    private Task<string?> StatusAsync() => _db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks");

    private Task<long> AuditCountAsync(string action) =>
        _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = $1", action);

    [Fact]
    public async Task An_Older_Snapshot_After_A_Newer_One_Changes_Nothing_And_Writes_No_Audit_Row()
    {
        await ApplyAsync(Snapshot("Done", T0.AddMinutes(10), T0.AddMinutes(10)));
        var audited = await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit");

        var older = Snapshot("Doing", T0.AddMinutes(5));
        var summary = await ApplyAsync(older);

        Assert.Equal(1, summary.Stale);
        var superseded = Assert.Single(summary.Superseded);
        Assert.Same(older, superseded.Snapshot);
        Assert.Equal(T0.AddMinutes(10), superseded.AppliedVersion);
        Assert.Equal("completed", await StatusAsync());
        Assert.Equal(audited, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit"));
        Assert.Equal(1, await AuditCountAsync("status_changed"));
    }

    [Fact]
    public async Task The_Same_Snapshot_Twice_Writes_One_Set_Of_Audit_Rows()
    {
        var snapshot = Snapshot("Doing", T0.AddMinutes(1), null, "https://files.example/a.pdf");

        var first = await ApplyAsync(snapshot);
        var second = await ApplyAsync(snapshot);

        Assert.Equal(5, first.AuditRows);
        Assert.Equal(0, second.AuditRows);
        Assert.Empty(first.Superseded);
        Assert.Equal(T0.AddMinutes(1), Assert.Single(second.Superseded).AppliedVersion); // a repeat: superseded, like an older one
        Assert.Equal(5, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit"));
    }

    [Fact]
    public async Task A_Same_Second_Tie_Asks_Dart_And_Keeps_The_Newer_State()
    {
        // Arrange: "Done" and "Doing" carry the same updatedAt; DART says Done is what it holds now.
        var done = Snapshot("Done", T0.AddMinutes(1), T0.AddMinutes(1));
        _dart.StubTask(done);
        await ApplyAsync(Snapshot("Doing", T0.AddMinutes(1)));

        // Act
        await ApplyAsync(done);
        await ApplyAsync(Snapshot("Doing", T0.AddMinutes(1)));

        // Assert
        Assert.Equal("completed", await StatusAsync());
        Assert.True(2 == _dart.Requests("/tasks/abcdefABCDEF"), _dart.Log); // each tie resolved by asking DART
        Assert.Equal(0, await AuditCountAsync("event_stale_ignored"));
    }

    [Fact]
    public async Task Out_Of_Order_Deliveries_In_One_Batch_End_In_The_Newest_State()
    {
        var summary = await ApplyAsync(
            Snapshot("Doing", T0.AddMinutes(2)),
            Snapshot("Done", T0.AddMinutes(3), T0.AddMinutes(3)),
            Snapshot("To-do", T0.AddMinutes(1)),
            Snapshot("Doing", T0.AddMinutes(2)));

        Assert.Equal("completed", await StatusAsync());
        Assert.Equal(2, summary.Stale);
        Assert.Equal(2, summary.Superseded.Count);
        Assert.Equal(2, await AuditCountAsync("status_changed")); // pending → in_progress → completed
        Assert.Equal(0, await AuditCountAsync("event_stale_ignored"));
    }

    [Fact]
    public async Task Racing_Writers_On_One_Task_End_In_The_Newest_State_With_One_Audit_Row_Per_Change()
    {
        // Arrange: the poller and the webhook processor deliver the same history, interleaved, at the same time.
        var history = Enumerable.Range(1, 20)
            .Select(i => Snapshot(i % 2 == 0 ? "Doing" : "In review", T0.AddSeconds(i)))
            .Append(Snapshot("Done", T0.AddMinutes(5), T0.AddMinutes(5)))
            .ToList();
        var shuffled = history.OrderBy(s => s.UpdatedAt!.Value.Second * 7 % 11).ToList();

        // Act
        await Task.WhenAll(
            Task.Run(async () => { foreach (var s in history) { await ApplyAsync(s); } }),
            Task.Run(async () => { foreach (var s in shuffled) { await ApplyAsync(s); } }));

        // Assert
        Assert.Equal("completed", await StatusAsync());
        Assert.Equal(T0.AddMinutes(5).UtcDateTime, await _db.ScalarAsync<DateTime>("SELECT dart_updated_at FROM v7_subworkflow_tasks"));
        var completions = await AuditCountAsync("completed_at_set");
        Assert.Equal(1, completions);
        Assert.Equal(1, await AuditCountAsync("task_linked") / 2);
    }

    [Fact]
    public async Task A_Deleted_Task_Is_Reported_Once_And_Its_Row_Kept()
    {
        await ApplyAsync(Snapshot("Doing", T0));

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var reconciler = scope.ServiceProvider.GetRequiredService<ITaskReconciler>();
            await reconciler.MarkDeletedAsync("abcdefABCDEF", "webhook", "deleted in DART", CancellationToken.None);
            await reconciler.MarkDeletedAsync("abcdefABCDEF", "webhook", "deleted in DART", CancellationToken.None);
        }

        Assert.Equal(1, await AuditCountAsync("dart_task_deleted"));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_open_findings WHERE rule = 'dart_task_deleted'"));
        Assert.Equal("in_progress", await StatusAsync());
    }

    [Fact]
    public async Task Deliverables_From_A_Comment_Are_Appended_Without_Duplicates()
    {
        await ApplyAsync(Snapshot("Doing", T0, null, "https://files.example/a.pdf"));

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var reconciler = scope.ServiceProvider.GetRequiredService<ITaskReconciler>();
            await reconciler.AddDeliverablesAsync("abcdefABCDEF", ["https://app.dartai.com/o/DocDocDocDoc-Report", "https://files.example/a.pdf"], "webhook", CancellationToken.None);
            await reconciler.AddDeliverablesAsync("abcdefABCDEF", ["https://app.dartai.com/o/DocDocDocDoc-Report-v2"], "webhook", CancellationToken.None);
        }

        Assert.Equal(["https://files.example/a.pdf", "https://app.dartai.com/o/DocDocDocDoc-Report"],
            (await _db.ScalarAsync<string[]>("SELECT deliverable_urls FROM v7_subworkflow_tasks"))!);
        Assert.Equal(2, await AuditCountAsync("deliverable_added"));
    }

    [Fact]
    public async Task A_Tie_Dart_Cannot_Settle_Fails_The_Call_Applies_Nothing_Of_The_Tie_And_Leaves_Nothing_For_The_Next_Call()
    {
        // Arrange: the second snapshot is a same-second tie, and DART fails when asked to settle it.
        _dart.StubTask(Snapshot("Done", T0.AddMinutes(2)), status: 500);
        await ApplyAsync(Snapshot("Doing", T0));
        await using var scope = _app.Services.CreateAsyncScope();
        var reconciler = scope.ServiceProvider.GetRequiredService<ITaskReconciler>();

        // Act: the tie is settled after the batch commits; DART's failure surfaces to the caller (who retries it).
        await Assert.ThrowsAnyAsync<Exception>(() => reconciler.ApplyAsync(
            [Snapshot("In review", T0.AddMinutes(2)), Snapshot("Done", T0.AddMinutes(2))], "webhook", CancellationToken.None));
        var afterFailure = await StatusAsync();
        await reconciler.ApplyAsync([Snapshot("In review", T0.AddMinutes(3))], "webhook", CancellationToken.None);

        // Assert: the valid "In review" stands (4 rows, then 1); nothing of the unsettled "Done"; the next call clean.
        Assert.Equal("review", afterFailure);
        Assert.Equal(0, await AuditCountAsync("completed_at_set"));
        Assert.Equal(5, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit"));
        Assert.Equal(T0.AddMinutes(3).UtcDateTime, await _db.ScalarAsync<DateTime>("SELECT dart_updated_at FROM v7_subworkflow_tasks"));
    }

    [Fact]
    public async Task While_Dart_Settles_A_Tie_No_Row_Of_The_Batch_Is_Locked()
    {
        // Arrange: while DART answers the tie's GET /tasks/{id}, another writer (the poller, a second processor)
        // asks for the row without waiting.
        long? lockableDuringFetch = null;
        _dart.StubTask(Snapshot("Done", T0.AddMinutes(1), T0.AddMinutes(1)), whileServing: async () =>
            lockableDuringFetch = await _db.ScalarAsync<long>("SELECT COUNT(*) FROM (SELECT id FROM v7_subworkflow_tasks FOR UPDATE SKIP LOCKED) AS free"));
        await ApplyAsync(Snapshot("Doing", T0.AddMinutes(1)));

        // Act
        await ApplyAsync(Snapshot("Done", T0.AddMinutes(1), T0.AddMinutes(1)));

        // Assert: the row was free during the DART call; the tie was then settled as DART said.
        Assert.Equal(1, lockableDuringFetch);
        Assert.Equal("completed", await StatusAsync());
    }
}
