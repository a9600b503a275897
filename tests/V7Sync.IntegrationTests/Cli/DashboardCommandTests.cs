using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;
using V7Sync.Reporting;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>`v7sync dashboard` against known rows: the guide's dashboards, findings and sync health read right.</summary>
public sealed class DashboardCommandTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Dashboard_Prints_Aligned_Tables_Of_Known_Data()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);

        // Act
        var sections = await new DashboardReport(dataSource).ReadAsync(CancellationToken.None);
        using var output = new StringWriter();
        DashboardOutput.WriteText(output, sections, Now);
        var text = output.ToString();

        // Assert
        Assert.StartsWith("V7 migration dashboard, 2026-11-25 09:30:00 UTC", text, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+1\s+Assessment\s+in_progress\s+pending\s+The Architect\s+4\s+2\s+1\s+1\s+50\.0\s+1\n", text);
        Assert.Matches(@"\n\s+2\s+Design\s+not_started\s+pending\s+-\s+0\s+0\s+0\s+0\s+0\s+0\n", text);
        Assert.Matches(@"Assessment\s+in_progress\s+The Architect\s+3\s+1", text); // current phase: 3 days in progress, 1 blocker
        Assert.Matches(@"phase_progress\s+0/7 phases", text);
        Assert.Matches(@"today_completions\s+1 tasks", text);
        Assert.Matches(@"today_migrations\s+1 files", text);
        Assert.Matches(@"current_blockers\s+1 blockers", text);
        Assert.Matches(@"ENUMs\s+1\s+critical", text);
        Assert.Matches(@"Global Impacts\s+1\s+high", text);
        Assert.Matches(@"dart_task_unlinked\s+2\s", text);
        Assert.Matches(@"stale_in_progress\s+1\s", text);
        Assert.Matches(@"stale_in_progress\s+P1\.T3\s+Map foreign keys\s+abcdefABCDEF\s+In progress for 9 days", text);
        Assert.DoesNotContain("already resolved", text, StringComparison.Ordinal);
        Assert.Matches(@"last_successful_poll\s+2026-11-25 08:01:00", text);
        Assert.Matches(@"watermark\s+2026-11-25 08:00:00", text);
        Assert.Matches(@"inbox_pending\s+2\n", text);
        Assert.Matches(@"inbox_dead\s+1\n", text);
        Assert.Matches(@"outbox_pending\s+1\n", text);
        Assert.Matches(@"outbox_dead\s+1\n", text);

        // Columns line up: every cell of the executive table starts where its header starts.
        var lines = text.Split('\n');
        var header = Array.FindIndex(lines, l => l.TrimStart().StartsWith("phase  name", StringComparison.Ordinal));
        Assert.Equal(lines[header].IndexOf("name", StringComparison.Ordinal), lines[header + 2].IndexOf("Assessment", StringComparison.Ordinal));
        Assert.Equal(lines[header].IndexOf("status", StringComparison.Ordinal), lines[header + 3].IndexOf("not_started", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_Json_Gives_The_Same_Sections_From_The_Executable()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);

        // Act
        var result = await V7SyncProcess.RunAsync(["dashboard", "--json"], new() { ["ConnectionStrings__Tracking"] = db.ConnectionString });

        // Assert
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        var phase1 = root.GetProperty("executive")[0];
        Assert.Equal(7, root.GetProperty("executive").GetArrayLength());
        Assert.Equal("Assessment", phase1.GetProperty("phase_name").GetString());
        Assert.Equal(50.0m, phase1.GetProperty("percent_complete").GetDecimal());
        Assert.Equal(4, phase1.GetProperty("total_tasks").GetInt32());
        Assert.Equal("1 tasks", root.GetProperty("dailyStatus").GetProperty("today_completions").GetString());
        Assert.Equal("critical", root.GetProperty("risk")[0].GetProperty("highest_risk").GetString());
        Assert.Equal(2, root.GetProperty("findingsByRule")[0].GetProperty("open").GetInt32());
        Assert.Equal(3, root.GetProperty("openFindings").GetArrayLength());
        Assert.Equal(2, root.GetProperty("syncHealth").GetProperty("inbox_pending").GetInt32());
        Assert.Equal(1, root.GetProperty("syncHealth").GetProperty("inbox_dead").GetInt32());
        Assert.Equal(1, root.GetProperty("syncHealth").GetProperty("outbox_pending").GetInt32());
        Assert.Equal(1, root.GetProperty("syncHealth").GetProperty("outbox_dead").GetInt32());
        Assert.Equal("2026-11-25T08:00:00+00:00", root.GetProperty("syncHealth").GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task Dashboard_Json_Carries_Whole_Values_And_Every_Column_Of_The_Executive_View()
    {
        // Arrange: text longer than a console cell, with a line break, which the table would cut and flatten.
        await using var db = await server.CreateDatabaseAsync();
        var taskName = "Map every foreign key of the order, invoice, shipment and customer tables to v7 names";
        var message = "In progress for 9 days without a DART update.\nLast seen: the Architect said the DBA review is pending; see the thread.";
        await db.ExecuteAsync(
            """
            UPDATE v7_migration_workflow SET status = 'in_progress', started_at = '2026-11-20 08:00+00' WHERE phase_number = 1;
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name) VALUES (5, 1, 3, 'x');
            INSERT INTO v7_sync_findings (rule, subject, task_id, message) VALUES ('stale_in_progress', 'task:5', 5, 'x');
            """);
        await db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET task_name = $1 WHERE id = 5", taskName);
        await db.ExecuteAsync("UPDATE v7_sync_findings SET message = $1 WHERE subject = 'task:5'", message);

        // Act
        var result = await V7SyncProcess.RunAsync(["dashboard", "--json"], new() { ["ConnectionStrings__Tracking"] = db.ConnectionString });

        // Assert
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var finding = json.RootElement.GetProperty("openFindings")[0];
        Assert.Equal(taskName, finding.GetProperty("task_name").GetString());
        Assert.Equal(message, finding.GetProperty("message").GetString());
        var phase1 = json.RootElement.GetProperty("executive")[0];
        Assert.Equal(1, phase1.GetProperty("phase_number").GetInt32());
        Assert.Equal("2026-11-20T08:00:00+00:00", phase1.GetProperty("started_at").GetString());
        Assert.Equal(JsonValueKind.Null, phase1.GetProperty("completed_at").ValueKind);
        Assert.Equal(JsonValueKind.String, phase1.GetProperty("updated_at").ValueKind);
    }

    [Fact]
    public async Task Dashboard_Of_An_Empty_Database_Says_Never_Polled()
    {
        await using var db = await server.CreateDatabaseAsync();

        var result = await V7SyncProcess.RunAsync(["dashboard"], new() { ["ConnectionStrings__Tracking"] = db.ConnectionString });

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Matches(new Regex(@"last_successful_poll\s+-\s*$", RegexOptions.Multiline), result.Stdout);
        Assert.Contains("(none)", result.Stdout, StringComparison.Ordinal);
    }

    private static async Task SeedAsync(TestDatabase db)
    {
        await db.ExecuteAsync(
            """
            UPDATE v7_migration_workflow SET status = 'in_progress', lead_persona = 'The Architect',
                started_at = CURRENT_TIMESTAMP - interval '3 days 2 hours', blockers = '["waiting on the DBA"]'
            WHERE phase_number = 1;
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, completed_at, dart_task_id) VALUES
                (1, 1, 'Document all duplicate ENUMs', 'completed', CURRENT_TIMESTAMP, NULL),
                (1, 2, 'Inventory every table', 'completed', CURRENT_TIMESTAMP - interval '2 days', NULL),
                (1, 3, 'Map foreign keys', 'in_progress', NULL, 'abcdefABCDEF'),
                (1, 4, 'Audit file_audit coverage', 'blocked', NULL, NULL);
            INSERT INTO v7_enum_migrations (current_enum_name, v7_enum_name, risk_level, status) VALUES
                ('order_status', 'v7_order_status', 'critical', 'proposed'),
                ('user_role', 'v7_user_role', 'high', 'implemented'),
                ('color', 'v7_color', 'low', 'proposed');
            INSERT INTO v7_global_impacts (change_type, risk_assessment, approval_status) VALUES
                ('enum_consolidation', 'high', 'pending'),
                ('rename', 'critical', 'approved');
            INSERT INTO file_audit (file_path, v7_workflow_status) VALUES ('src/a.py', 'migrated'), ('src/b.py', 'assessed');
            INSERT INTO v7_sync_findings (rule, subject, task_id, dart_task_id, message, status, first_seen_at) VALUES
                ('dart_task_unlinked', 'ZZZZZZZZZZZ1', NULL, 'ZZZZZZZZZZZ1', 'DART task matches no work order', 'open', '2026-11-24 10:00+00'),
                ('dart_task_unlinked', 'ZZZZZZZZZZZ2', NULL, 'ZZZZZZZZZZZ2', 'DART task matches no work order', 'open', '2026-11-24 11:00+00'),
                ('stale_in_progress', 'task:3', (SELECT id FROM v7_subworkflow_tasks WHERE task_number = 3), 'abcdefABCDEF',
                    'In progress for 9 days without a DART update', 'open', '2026-11-24 12:00+00'),
                ('stale_in_progress', 'task:9', NULL, NULL, 'already resolved', 'resolved', '2026-11-20 12:00+00');
            INSERT INTO dart_sync_state (stream, watermark, last_success_at, last_run_started_at, last_tasks_seen)
                VALUES ('poll', '2026-11-25 08:00+00', '2026-11-25 08:01+00', '2026-11-25 08:00:58+00', 12);
            INSERT INTO dart_webhook_inbox (event_type, body_sha256, raw_body, status) VALUES
                ('task.updated', 'a', '\x7b7d', 'pending'),
                ('task.updated', 'b', '\x7b7d', 'processing'),
                ('task.updated', 'c', '\x7b7d', 'dead'),
                ('task.updated', 'd', '\x7b7d', 'processed');
            -- The blocked work order without a DART task queued its create; one push went dead.
            INSERT INTO dart_outbox (task_id, kind, status) SELECT id, 'update', 'dead' FROM v7_subworkflow_tasks WHERE task_number = 3;
            """);
    }
}
