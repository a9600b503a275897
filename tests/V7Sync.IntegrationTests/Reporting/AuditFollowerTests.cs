using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Reporting;

namespace V7Sync.IntegrationTests.Reporting;

/// <summary>The demo's audit feed: new rows in id order, with the work-order key and task name next to the DART id.</summary>
public sealed class AuditFollowerTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Follow_Prints_Each_New_Row_Once_With_Key_And_Task_Name()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync(
            """
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, dart_task_id) VALUES (1, 3, 'Map foreign keys', 'abcdefABCDEF');
            INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, new_value)
            VALUES ('2026-11-25 09:00:00+00', 'poll', 'task_linked', NULL, 'old000000000', NULL, NULL, NULL)
            """);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var follower = new AuditFollower(dataSource, TimeProvider.System, NullLogger.Instance);
        var from = await follower.LatestIdAsync(CancellationToken.None);
        var seen = new List<string>();
        using var cts = new CancellationTokenSource();

        // Act: two rows land while the follower runs.
        var follow = follower.FollowAsync(from, line => { lock (seen) { seen.Add(AuditOutput.Line(line)); } }, TimeSpan.FromMilliseconds(50), cts.Token);
        await db.ExecuteAsync(
            """
            INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, new_value)
            SELECT '2026-11-25 09:30:12+00', 'webhook', 'status_changed', id, dart_task_id, 'status', 'pending', 'in_progress'
            FROM v7_subworkflow_tasks;
            INSERT INTO v7_sync_audit (occurred_at, source, action, dart_task_id) VALUES ('2026-11-25 09:30:13+00', 'poll', 'dart_task_unlinked', 'ZZZZZZZZZZZZ')
            """);
        await WaitFor.ConditionAsync(() => { lock (seen) { return Task.FromResult(seen.Count >= 2); } }, TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        await follow;

        // Assert
        Assert.Equal(2, seen.Count);
        Assert.Matches(@"^09:30:12  webhook  status_changed\s+P1\.T3   Map foreign keys\s+status: pending → in_progress  \[abcdefABCDEF\]$", seen[0]);
        Assert.Matches(@"^09:30:13  poll     dart_task_unlinked\s+-\s+-\s+\[ZZZZZZZZZZZZ\]$", seen[1]);
    }

    [Fact]
    public async Task Follow_Prints_A_Lower_Id_That_Commits_After_A_Higher_One()
    {
        // Arrange: a writer takes an id and holds its transaction open.
        await using var db = await server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var follower = new AuditFollower(dataSource, TimeProvider.System, NullLogger.Instance);
        var from = await follower.LatestIdAsync(CancellationToken.None);
        await using var slow = await db.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand("INSERT INTO v7_sync_audit (source, action, new_value) VALUES ('job', 'stale_flagged', 'slow')", slow, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var seen = new List<string?>();
        using var cts = new CancellationTokenSource();
        var follow = follower.FollowAsync(from, line => { lock (seen) { seen.Add(line.NewValue); } }, TimeSpan.FromMilliseconds(50), cts.Token);

        // Act: another writer commits a higher id, which the follower prints; then the first commits.
        await db.ExecuteAsync("INSERT INTO v7_sync_audit (source, action, new_value) VALUES ('poll', 'task_linked', 'fast')");
        await WaitFor.ConditionAsync(() => { lock (seen) { return Task.FromResult(seen.Contains("fast")); } }, TimeSpan.FromSeconds(10), "the committed row");
        await transaction.CommitAsync();
        await WaitFor.ConditionAsync(() => { lock (seen) { return Task.FromResult(seen.Contains("slow")); } }, TimeSpan.FromSeconds(10), "the late row");
        await cts.CancelAsync();
        await follow;

        // Assert: both, once each, in the order they became visible.
        Assert.Equal(["fast", "slow"], seen);
    }
}
