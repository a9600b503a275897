using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Jobs;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>How a finding lives: opened once per episode (however often the rule runs), refreshed, resolved, audited.</summary>
public sealed class FindingLifecycleTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await server.CreateDatabaseAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Flagging_A_Stale_Task_Twice_Gives_One_Finding_And_One_Audit_Row()
    {
        // Arrange: in progress for 8 days
        await InsertTaskAsync(status: "in_progress", startedAt: RuleHarness.Now.AddDays(-8));
        await using var harness = new RuleHarness(_db);

        // Act
        await harness.RunAsync("stale_in_progress");
        harness.Time.Advance(TimeSpan.FromHours(1));
        var second = await harness.RunAsync("stale_in_progress");

        // Assert
        Assert.Equal((0, 1, 0), (second.Opened, second.Rules[0].Refreshed, second.Resolved));
        var finding = Assert.Single(await _db.RowsAsync("SELECT status, task_id, dart_task_id, first_seen_at, last_seen_at FROM v7_sync_findings"));
        Assert.Equal(["open", 1, "DART-1"], finding[..3]);
        Assert.Equal(RuleHarness.Now, ToOffset(finding[3]));
        Assert.Equal(RuleHarness.Now.AddHours(1), ToOffset(finding[4]));
        var audit = Assert.Single(await _db.RowsAsync("SELECT action, source, task_id, dart_task_id, occurred_at FROM v7_sync_audit"));
        Assert.Equal(["stale_flagged", "job", 1, "DART-1"], audit[..4]);
        Assert.Equal(RuleHarness.Now, ToOffset(audit[4]));
    }

    [Fact]
    public async Task A_Task_Becomes_Stale_When_The_Clock_Passes_The_Threshold()
    {
        await InsertTaskAsync(status: "in_progress", startedAt: RuleHarness.Now.AddDays(-7).AddHours(1));
        await using var harness = new RuleHarness(_db);

        var before = await harness.RunAsync("stale_in_progress");
        harness.Time.Advance(TimeSpan.FromHours(2));
        var after = await harness.RunAsync("stale_in_progress");

        Assert.Equal(0, before.Opened);
        Assert.Equal(1, after.Opened);
    }

    [Fact]
    public async Task The_Threshold_Is_Jobs_StaleAfter()
    {
        await InsertTaskAsync(status: "in_progress", startedAt: RuleHarness.Now.AddDays(-3));
        await using var harness = new RuleHarness(_db, new JobsOptions { StaleAfter = TimeSpan.FromDays(2) });

        var report = await harness.RunAsync("stale_in_progress");

        Assert.Equal(1, report.Opened);
    }

    [Fact]
    public async Task A_Stale_Task_That_Moves_On_Is_Cleared_And_A_New_Episode_Is_Flagged_Again()
    {
        // Arrange
        await InsertTaskAsync(status: "in_progress", startedAt: RuleHarness.Now.AddDays(-8));
        await using var harness = new RuleHarness(_db);
        await harness.RunAsync("stale_in_progress");

        // Act: the task moves on, then (reopened) sits in progress again
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'review'");
        harness.Time.Advance(TimeSpan.FromHours(1));
        var cleared = await harness.RunAsync("stale_in_progress");
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'in_progress'");
        harness.Time.Advance(TimeSpan.FromHours(1));
        var again = await harness.RunAsync("stale_in_progress");

        // Assert
        Assert.Equal(1, cleared.Resolved);
        Assert.Equal(1, again.Opened);
        var findings = await _db.RowsAsync("SELECT status, resolved_at FROM v7_sync_findings ORDER BY id");
        Assert.Equal(["resolved", "open"], findings.Select(f => f[0]));
        Assert.Equal(RuleHarness.Now.AddHours(1), ToOffset(findings[0][1]));
        var actions = await _db.RowsAsync("SELECT action FROM v7_sync_audit ORDER BY id");
        Assert.Equal(["stale_flagged", "stale_cleared", "stale_flagged"], actions.Select(a => a[0]));
    }

    [Fact]
    public async Task A_Violation_That_Is_Fixed_Resolves_With_One_Audit_Row()
    {
        await InsertTaskAsync(status: "completed", startedAt: RuleHarness.Now.AddDays(-2), dartTaskId: null);
        await using var harness = new RuleHarness(_db);
        await harness.RunAsync("completed_without_dart_link");

        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET dart_task_id = 'DART-9'");
        await harness.RunAsync("completed_without_dart_link");
        await harness.RunAsync("completed_without_dart_link");

        Assert.Equal("resolved", await _db.ScalarAsync<string>("SELECT status FROM v7_sync_findings"));
        var audit = await _db.RowsAsync("SELECT action, detail->>'rule', detail->>'subject' FROM v7_sync_audit ORDER BY id");
        Assert.Equal([["integrity_violation", "completed_without_dart_link", "1"], ["integrity_resolved", "completed_without_dart_link", "1"]],
            audit.Select(a => a.Cast<string>().ToArray()));
    }

    [Fact]
    public async Task Two_Runs_At_Once_Open_One_Finding_And_Write_One_Audit_Row()
    {
        await InsertTaskAsync(status: "in_progress", startedAt: RuleHarness.Now.AddDays(-8));
        await using var a = new RuleHarness(_db);
        await using var b = new RuleHarness(_db);

        var reports = await Task.WhenAll(a.RunAsync("stale_in_progress"), b.RunAsync("stale_in_progress"));

        // A run that lost the race must neither fail (a rolled-back rule would also leave one finding) nor open a second.
        Assert.All(reports, r => Assert.False(r.AnyFailed, string.Join("; ", r.Rules.Select(o => o.Error))));
        Assert.Equal([0, 1], reports.Select(r => r.Opened).Order());
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_findings"));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit"));
    }

    [Fact]
    public async Task A_Reconciler_Finding_Is_Resolved_Once_The_Dart_Task_Is_Linked_And_Never_Reopened()
    {
        await _db.ExecuteAsync("INSERT INTO v7_sync_findings (rule, subject, dart_task_id, message) VALUES ('dart_task_unlinked', 'DART-1', 'DART-1', 'no work order')");
        await using var harness = new RuleHarness(_db);
        var stillOpen = await harness.RunAsync("dart_task_unlinked");

        await InsertTaskAsync(status: "pending", startedAt: null);
        var resolved = await harness.RunAsync("dart_task_unlinked");
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET dart_task_id = NULL");
        var later = await harness.RunAsync("dart_task_unlinked");

        Assert.Equal((1, 0), (stillOpen.Open, stillOpen.Resolved));
        Assert.Equal((0, 1), (resolved.Open, resolved.Resolved));
        Assert.Equal((0, 0), (later.Open, later.Opened));
        Assert.Equal("integrity_resolved", await _db.ScalarAsync<string>("SELECT action FROM v7_sync_audit"));
    }

    private Task<int> InsertTaskAsync(string status, DateTimeOffset? startedAt, string? dartTaskId = "DART-1") =>
        _db.ExecuteAsync(
            "INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, status, dart_task_id, started_at) VALUES (1, 1, 1, 'Task', $1, $2, $3)",
            status, (object?)dartTaskId ?? DBNull.Value, (object?)startedAt ?? DBNull.Value);

    private static DateTimeOffset ToOffset(object? value) => new((DateTime)value!, TimeSpan.Zero);
}
