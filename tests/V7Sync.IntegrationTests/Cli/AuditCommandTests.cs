using System.Text.Json;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>`v7sync audit` as a conductor runs it, against known audit rows.</summary>
public sealed class AuditCommandTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, dart_task_id)
            VALUES (11, 1, 3, 'Document all duplicate ENUMs', 'abcdefABCDEF'), (12, 2, 1, 'Design v7 status ENUMs', 'zyxwvuZYXWVU');
            INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, new_value) VALUES
                ('2026-11-20T09:00:00Z', 'poll', 'task_linked', 11, 'abcdefABCDEF', 'dart_task_id', NULL, 'abcdefABCDEF'),
                ('2026-11-20T10:00:00Z', 'webhook', 'status_changed', 11, 'abcdefABCDEF', 'status', 'pending', 'in_progress'),
                ('2026-11-21T10:00:00Z', 'webhook', 'status_changed', 12, 'zyxwvuZYXWVU', 'status', 'pending', 'review'),
                ('2026-11-22T10:00:00Z', 'poll', 'deliverable_added', 11, 'abcdefABCDEF', 'deliverable_urls', NULL, 'https://app.dartai.com/o/DocDocDocDoc-Report'),
                ('2026-11-22T11:00:00Z', 'resync', 'dart_task_unlinked', NULL, 'strayTask001', NULL, NULL, 'Plan the retro')
            """);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<V7SyncProcess.Result> AuditAsync(params string[] args) =>
        V7SyncProcess.RunAsync(["audit", .. args], new() { ["ConnectionStrings__Tracking"] = _db.ConnectionString });

    [Fact]
    public async Task The_Log_Is_Printed_Newest_First_With_Work_Order_And_Task_Name()
    {
        var result = await AuditAsync();

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("when (UTC)", lines[0], StringComparison.Ordinal);
        Assert.Equal(7, lines.Length); // header, rule, five rows
        Assert.Contains("dart_task_unlinked", lines[2], StringComparison.Ordinal);
        Assert.Contains("P1.T3", lines[3], StringComparison.Ordinal);
        Assert.Contains("Document all duplicate ENUMs", lines[3], StringComparison.Ordinal);
        Assert.Contains("deliverable_urls  ∅ → https://app.dartai.com/o/DocDocDocDoc-Report", lines[3], StringComparison.Ordinal);
        Assert.Contains("task_linked", lines[6], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--task", "P1.T3" }, new[] { 4L, 2L, 1L })]
    [InlineData(new[] { "--task", "zyxwvuZYXWVU" }, new[] { 3L })]
    [InlineData(new[] { "--task", "12" }, new[] { 3L })]
    [InlineData(new[] { "--action", "status_changed" }, new[] { 3L, 2L })]
    [InlineData(new[] { "--since", "2026-11-21T00:00Z" }, new[] { 5L, 4L, 3L })]
    [InlineData(new[] { "--limit", "2" }, new[] { 5L, 4L })]
    public async Task Filters_Narrow_The_Json_Output(string[] filter, long[] expectedIds)
    {
        var result = await AuditAsync([.. filter, "--json"]);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(expectedIds, json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
    }

    [Theory]
    [InlineData("--task", "11", 11)] // the task id, as the first query reads a number
    [InlineData("--task", "P1.T3", 11)]
    [InlineData("--task", "abcdefABCDEF", 11)]
    [InlineData("--action", "deliverable_added", 12)]
    public async Task Follow_Prints_New_Rows_That_Pass_The_Filter_One_Json_Object_Per_Line(string option, string value, int matchingTaskId)
    {
        using var follow = RunningV7Sync.Start(["audit", "--follow", "--json", option, value], new() { ["ConnectionStrings__Tracking"] = _db.ConnectionString });
        await follow.WaitForLineAsync(l => l.StartsWith("{\"id\":4,", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the rows so far");

        // Act: a row the filter rejects, then one it passes (task 11's rows pass the --task filters; 12's deliverable passes --action).
        var otherTaskId = matchingTaskId == 11 ? 12 : 11;
        await _db.ExecuteAsync("""
            INSERT INTO v7_sync_audit (source, action, task_id, field, old_value, new_value) VALUES ('webhook', 'status_changed', $1, 'status', 'review', 'completed')
            """, otherTaskId);
        await _db.ExecuteAsync("""
            INSERT INTO v7_sync_audit (source, action, task_id, dart_task_id, field, new_value)
            SELECT 'poll', 'deliverable_added', id, dart_task_id, 'deliverable_urls', 'https://app.dartai.com/o/New' FROM v7_subworkflow_tasks WHERE id = $1
            """, matchingTaskId);
        await follow.WaitForLineAsync(l => l.StartsWith("{\"id\":7,", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the new row");

        // Assert: every line is one JSON object; the rejected row (id 6) never shows.
        var ids = follow.Output.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).ToList();
        Assert.DoesNotContain(6L, ids);
        Assert.Equal(ids.Order(), ids); // like tail -f: oldest first, new rows below
        Assert.Equal(7L, ids[^1]);
        using var last = JsonDocument.Parse(follow.Output[^1]);
        Assert.Equal(matchingTaskId, last.RootElement.GetProperty("taskId").GetInt32());
    }

    [Fact]
    public async Task Follow_Keeps_One_Format_From_The_Rows_So_Far_To_The_Rows_That_Land()
    {
        using var follow = RunningV7Sync.Start(["audit", "--follow"], new() { ["ConnectionStrings__Tracking"] = _db.ConnectionString });
        await follow.WaitForLineAsync(l => l.Contains("dart_task_unlinked", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the rows so far");

        // Act: a row lands while following.
        await _db.ExecuteAsync("""
            INSERT INTO v7_sync_audit (source, action, task_id, dart_task_id, field, old_value, new_value)
            VALUES ('webhook', 'status_changed', 12, 'zyxwvuZYXWVU', 'status', 'review', 'completed')
            """);
        await follow.WaitForLineAsync(l => l.Contains("review → completed", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the new row");

        // Assert: no table header or rule; every line, old and new, is one row in the same "time source action …" shape.
        Assert.Equal(6, follow.Output.Count);
        Assert.All(follow.Output, line => Assert.Matches(@"^\d\d:\d\d:\d\d  (poll|webhook|resync) +[a-z_]+ ", line));
        Assert.StartsWith("09:00:00  poll     task_linked", follow.Output[0], StringComparison.Ordinal); // oldest first, like tail -f
    }

    [Fact]
    public async Task Follow_Prints_A_Row_That_Commits_After_The_First_Read_Below_Its_Newest_Id()
    {
        // Arrange: a writer holds id 6 uncommitted while id 7 commits, so the first read shows 7 and not 6.
        await using var slow = await _db.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var insert = new Npgsql.NpgsqlCommand(
            "INSERT INTO v7_sync_audit (source, action, task_id, field, old_value, new_value) VALUES ('poll', 'status_changed', 12, 'status', 'review', 'completed')",
            slow, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }

        await _db.ExecuteAsync("INSERT INTO v7_sync_audit (source, action, task_id) VALUES ('job', 'stale_flagged', 11)");
        using var follow = RunningV7Sync.Start(["audit", "--follow", "--json"], new() { ["ConnectionStrings__Tracking"] = _db.ConnectionString });
        await follow.WaitForLineAsync(l => l.StartsWith("{\"id\":7,", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the first read");

        // Act
        await transaction.CommitAsync();

        // Assert: the late row is printed once it commits, and no row twice.
        await follow.WaitForLineAsync(l => l.StartsWith("{\"id\":6,", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the late row");
        var ids = follow.Output.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Distinct(), ids);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 7L, 6L], ids);
    }

    [Fact]
    public async Task The_Why_Column_Names_The_Rule_And_Reason_From_Detail()
    {
        await _db.ExecuteAsync("""
            INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, detail) VALUES
                ('2026-11-23T10:00:00Z', 'poll', 'dart_task_deleted', 11, 'abcdefABCDEF', 'dart_task_id', 'abcdefABCDEF', '{"reason": "not found in DART"}'),
                ('2026-11-23T11:00:00Z', 'job', 'integrity_violation', 12, NULL, NULL, NULL, '{"rule": "stale_in_progress", "message": "long text"}')
            """);

        var result = await AuditAsync("--since", "2026-11-23");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("why", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("stale_in_progress", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("not found in DART", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Bad_Since_Is_One_Clear_Line()
    {
        var result = await AuditAsync("--since", "last tuesday");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("v7sync audit: --since 'last tuesday' is neither a date", result.Stderr, StringComparison.Ordinal);
    }
}
