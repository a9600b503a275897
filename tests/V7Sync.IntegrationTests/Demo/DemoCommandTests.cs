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
            demo.ExitedEarly() || (await AuditCountAsync(db, "status_changed") > 0 && await AuditCountAsync(db, "deliverable_added") > 0),
            TimeSpan.FromSeconds(60));
        await demo.WaitForLineAsync(l => l.Contains("deliverable_added", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the deliverable_added line");
        await demo.WaitForLineAsync(l => l.StartsWith("Conductor  cancelled", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the conductor's cancel");
        // P1.T3, phase 1's last open task, reaches Done within a few paces: its report is a deliverable, the phase ready.
        await demo.WaitForLineAsync(l => l.Contains("(phase_ready_for_review: P1)", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "phase 1 ready for review");
        await demo.StopAsync("TERM", TimeSpan.FromSeconds(30)); // what Ctrl-C and `docker stop` both do: ask the host to stop

        // Assert
        var text = demo.Text;
        Assert.True(demo.ExitCode == 0, text);
        Assert.Matches(@"V7Sync  \d\d:\d\d:\d\d  (poll|webhook)\s+status_changed\s+P\d\.T\d", text);
        Assert.Matches(@"V7Sync  \d\d:\d\d:\d\d  (poll|webhook)\s+deliverable_added\s+P\d\.T\d.*https://app\.dartai\.com/o/", text);
        Assert.Contains("DART    ", text, StringComparison.Ordinal);
        Assert.Matches(@"DART    .*: P1\.T3 .* Doing → In review \+ deliverable \+ report", text);
        Assert.Matches(@"V7Sync  \d\d:\d\d:\d\d  (poll|webhook)\s+deliverable_added\s+P1\.T3 .*https://app\.dartai\.com/o/[A-Za-z0-9]{12}-Report-P1T3-", text);
        Assert.Equal(1, await db.ScalarAsync<long>(
            "SELECT COUNT(*) FROM v7_sync_audit a JOIN v7_subworkflow_tasks t ON t.id = a.task_id WHERE t.parent_phase = 1 AND t.task_number = 3 AND a.action = 'deliverable_added' AND a.detail->>'from' = 'doc'"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_findings WHERE rule = 'phase_ready_for_review' AND subject = 'P1' AND status = 'open'"));
        Assert.Contains("V7Sync demo stopped cleanly.", text, StringComparison.Ordinal);
        // The conductor issued one work order and cancelled one, once each, through SQL on the tracking database.
        Assert.Single(demo.Output, l => l == "Conductor  issued P7.T3 Write the V7 operations runbook (The Architect; depends on P7.T1)");
        Assert.Single(demo.Output, l => l == "Conductor  cancelled P6.T1 Plan the cut-over window (rolled back)");
        Assert.Equal(21, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_subworkflow_tasks"));
        Assert.Equal(1, await db.ScalarAsync<long>(
            """
            SELECT COUNT(*) FROM v7_subworkflow_tasks t JOIN v7_subworkflow_tasks d ON d.parent_phase = 7 AND d.task_number = 1
            WHERE t.parent_phase = 7 AND t.task_number = 3 AND t.task_name = 'Write the V7 operations runbook'
              AND t.responsible_persona = 'The Architect' AND t.dependencies = ARRAY[d.id] AND t.notes LIKE 'Work order issued %'
            """));
        // (That the cancel then stands against DART: the second test below.)
        Assert.Equal(1, await db.ScalarAsync<long>(
            "SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE parent_phase = 6 AND task_number = 1 AND notes LIKE '% - Rolled back on %'"));
        // Personas create no DART task: a work order without one is linked only by what V7Sync creates.
        Assert.DoesNotMatch(@"DART    .*\(new\)", text);
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

    [Fact]
    public async Task Demo_Creates_The_Dart_Tasks_Of_Work_Orders_That_Have_None_And_The_Cancel_Stands()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync(migrated: false);
        using var demo = RunningV7Sync.Start(["--pace", "0.1"], new() { ["ConnectionStrings__Tracking"] = db.ConnectionString }, dll: RepositoryPaths.DemoDll);
        string[] created = ["P3.T3", "P5.T3", "P6.T2", "P7.T2", "P7.T3"]; // the plan's four without a DART task, and the conductor's new one

        // Act: the story runs to its end: every task V7Sync created is worked to Done by its persona.
        await WaitFor.ConditionAsync(async () => demo.ExitedEarly() || await CountAsync(db,
            """
            SELECT COUNT(*) FROM v7_subworkflow_tasks
            WHERE format('P%s.T%s', parent_phase, task_number) = ANY($1) AND status = 'completed' AND starts_with(dart_task_id, 'V7Demo')
            """, created) == created.Length, TimeSpan.FromSeconds(120));
        await demo.StopAsync("TERM", TimeSpan.FromSeconds(30));

        // Assert: one DART task each, created by V7Sync (audited and shown), the cancel pushed and never reverted.
        var text = demo.Text;
        Assert.True(demo.ExitCode == 0, text);
        foreach (var key in created)
        {
            Assert.Equal(1, await CountAsync(db,
                "SELECT COUNT(*) FROM v7_sync_audit a JOIN v7_subworkflow_tasks t ON t.id = a.task_id WHERE a.action = 'dart_task_created' AND format('P%s.T%s', t.parent_phase, t.task_number) = $1",
                key));
            Assert.Matches($@"V7Sync  \d\d:\d\d:\d\d  \w+\s+dart_task_created\s+{key.Replace(".", "\\.", StringComparison.Ordinal)}", text);
        }

        Assert.Matches(@"V7Sync  \d\d:\d\d:\d\d  \w+\s+dart_status_pushed\s+P6\.T1", text);
        Assert.Equal(1, await CountAsync(db,
            "SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE parent_phase = 6 AND task_number = 1 AND status = 'cancelled' AND dart_status = 'Canceled'"));
        Assert.Equal(0, await CountAsync(db,
            """
            SELECT COUNT(*) FROM v7_sync_audit a JOIN v7_subworkflow_tasks t ON t.id = a.task_id
            WHERE t.parent_phase = 6 AND t.task_number = 1 AND a.action = 'status_changed' AND a.old_value = 'cancelled'
            """));
    }

    private static async Task<long> CountAsync(TestDatabase db, string sql, object? parameter = null)
    {
        try
        {
            return parameter is null ? await db.ScalarAsync<long>(sql) : await db.ScalarAsync<long>(sql, parameter);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            return 0; // the demo has not migrated the empty database yet
        }
    }

    private static async Task<long> AuditCountAsync(TestDatabase db, string action)
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
