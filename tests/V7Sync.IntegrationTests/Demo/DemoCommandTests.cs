using V7Sync.IntegrationTests.Cli;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Demo;

/// <summary>The demo end to end: the built V7Sync.Demo app, the in-process DART sandbox, the full worker.</summary>
public sealed class DemoCommandTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Demo_Audits_Status_Changes_And_Deliverables_Within_60_Seconds_And_Stops_Cleanly()
    {
        // Arrange: an empty database (the demo migrates it) named by ConnectionStrings__Tracking.
        await using var db = await server.CreateDatabaseAsync(migrated: false);
        var report = Path.Combine(Path.GetTempPath(), $"v7sync-demo-{Guid.NewGuid():N}.html");
        using var demo = RunningV7Sync.Start(["--pace", "0.5"], new() { ["ConnectionStrings__Tracking"] = db.ConnectionString, ["Report__Path"] = report }, dll: RepositoryPaths.DemoDll);

        // Act
        await WaitFor.ConditionAsync(async () =>
            demo.ExitedEarly() || (await CountAsync(db, "status_changed") > 0 && await CountAsync(db, "deliverable_added") > 0),
            TimeSpan.FromSeconds(60));
        await demo.WaitForLineAsync(l => l.Contains("deliverable_added", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the deliverable_added line");
        await demo.StopAsync("TERM", TimeSpan.FromSeconds(30)); // what Ctrl-C and `docker stop` both do: ask the host to stop

        // Assert
        var text = demo.Text;
        Assert.True(demo.ExitCode == 0, text);
        Assert.Matches(@"V7Sync  \d\d:\d\d:\d\d  (poll|webhook)\s+status_changed\s+P\d\.T\d", text);
        Assert.Matches(@"V7Sync  \d\d:\d\d:\d\d  (poll|webhook)\s+deliverable_added\s+P\d\.T\d.*https://app\.dartai\.com/o/", text);
        Assert.Contains("DART    ", text, StringComparison.Ordinal);
        Assert.Contains("V7Sync demo stopped cleanly.", text, StringComparison.Ordinal);
        Assert.Equal(20, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_subworkflow_tasks"));
        // The sample plan came with weeks of history (DemoHistory: 7 work orders, 21 moves, in the audit and status
        // logs; phase 2 issued 28 days ago), DART started where that history ends (so syncing P1.T1, done 29 days ago,
        // changed nothing), and the demo's exit wrote the report with its curves.
        Assert.Equal(21, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE detail @> '{\"sample_history\": true}'"));
        Assert.Equal(21, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_task_status_log WHERE basis = 'audit'")); // the analytics read them
        Assert.Equal(28, await db.ScalarAsync<int>("SELECT max(day) - min(day) FROM v7_phase_burndown WHERE phase_number = 2"));
        Assert.Equal(0, await db.ScalarAsync<long>(
            """
            SELECT COUNT(*) FROM v7_sync_audit a JOIN v7_subworkflow_tasks t ON t.id = a.task_id
            WHERE t.parent_phase = 1 AND t.task_number = 1 AND a.source <> 'cli'
              AND a.action IN ('status_changed', 'completed_at_set', 'completed_at_cleared', 'started_at_set')
            """));
        Assert.Contains($"Report of this run (open it in a browser): {report}", text, StringComparison.Ordinal);
        Assert.Contains("<polyline class=\"burndown\"", await File.ReadAllTextAsync(report), StringComparison.Ordinal);
        File.Delete(report);
    }

    private static async Task<long> CountAsync(TestDatabase db, string action)
    {
        try
        {
            return await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = $1", action);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            return 0; // the demo has not migrated the empty database yet
        }
    }
}
