using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>`v7sync check` and start-up validation of Jobs:*, as an operator meets them: the real executable.</summary>
public sealed class CheckCommandTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Check_Exits_Zero_When_Nothing_Is_Open()
    {
        await using var db = await server.CreateDatabaseAsync();

        var result = await V7SyncProcess.RunAsync(["check"], new() { ["ConnectionStrings__Tracking"] = db.ConnectionString });

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("No open findings.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Lists_Open_Findings_By_Rule_And_Exits_One()
    {
        // Arrange: one stale task, one completed without a link, and one unlinked DART task the reconciler reported
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            UPDATE v7_migration_workflow SET status = 'in_progress' WHERE phase_number = 1;
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, dart_task_id, started_at) VALUES
                (1, 1, 'Document all duplicate ENUMs', 'in_progress', 'D1', CURRENT_TIMESTAMP - INTERVAL '30 days'),
                (1, 2, 'Map the ENUMs', 'completed', NULL, CURRENT_TIMESTAMP - INTERVAL '3 days');
            INSERT INTO v7_sync_findings (rule, subject, dart_task_id, message) VALUES ('dart_task_unlinked', 'X9', 'X9', 'DART task X9 "Stray" matches no work order');
            """);

        // Act
        var result = await V7SyncProcess.RunAsync(["check"], new() { ["ConnectionStrings__Tracking"] = db.ConnectionString });

        // Assert
        Assert.True(result.ExitCode == 1, result.Stdout + result.Stderr);
        Assert.Equal("", result.Stderr);
        Assert.Contains("3 open finding(s) under 3 rule(s):", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("completed_without_dart_link (1)\n  P1.T2      P1.T2 \"Map the ENUMs\" is completed but has no DART task id", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("dart_task_unlinked (1)\n  X9         DART task X9 \"Stray\" matches no work order", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("stale_in_progress (1)\n  P1.T1      P1.T1 \"Document all duplicate ENUMs\" has been in progress since", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE source = 'cli'"));
    }

    [Fact]
    public async Task Check_Against_An_Unreachable_Database_Exits_Three_With_One_Line()
    {
        var result = await V7SyncProcess.RunAsync(["check"], new() { ["ConnectionStrings__Tracking"] = "Host=127.0.0.1;Port=1;Username=postgres;Timeout=3" });

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("v7sync check: ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Jobs__IntegrityCron", "every 15 minutes", "Jobs:IntegrityCron is not a valid Quartz cron expression")]
    [InlineData("Jobs__StaleCron", "0 0 * * *", "Jobs:StaleCron is not a valid Quartz cron expression")]
    [InlineData("Jobs__FullResyncCron", "", "Jobs:FullResyncCron is not a valid Quartz cron expression")]
    [InlineData("Jobs__StaleAfter", "00:00:05", "Jobs:StaleAfter must be between")]
    public async Task A_Bad_Jobs_Setting_Stops_Start_Up_Naming_The_Key(string variable, string value, string expected)
    {
        await using var db = await server.CreateDatabaseAsync();

        var result = await V7SyncProcess.RunAsync(["run"], new()
        {
            ["ConnectionStrings__Tracking"] = db.ConnectionString,
            ["Tracking__MigrateOnStart"] = "false",
            ["Urls"] = "http://127.0.0.1:0",
            ["Dart__Token"] = "test-token", // so that the Jobs setting is the only thing wrong
            ["Webhooks__Secret"] = "test-secret",
            [variable] = value,
        });

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("v7sync run: invalid setting: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
