using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Webhooks;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// Migration 013: what is due lives in dart_webhook_inbox_queue, kept by trigger from every write to the inbox, so
/// no inbox index names a column a claim or an outcome changes and both are HOT updates (no new index entries).
/// </summary>
public sealed class InboxDueRowsTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private const string Queue = "SELECT i.id, i.status, q.due_at FROM dart_webhook_inbox_queue q JOIN dart_webhook_inbox i ON i.id = q.inbox_id ORDER BY i.id";

    [Fact]
    public async Task A_Claim_And_Its_Outcome_Are_Hot_Updates_Of_The_Inbox()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        var inbox = new WebhookInbox(dataSource, Microsoft.Extensions.Options.Options.Create(new WebhooksOptions()), TimeProvider.System);
        for (var i = 0; i < 15; i++)
        {
            var body = Encoding.UTF8.GetBytes(DartWebhooks.TaskEvent("task.updated", $"hot{i:D9}", $"Work order {i}", "Doing", At));
            await inbox.AddAsync(new InboxEntry("task.updated", $"hot{i:D9}", At, $"k{i}", body, InboxStatus.Pending), CancellationToken.None);
        }

        // Act
        var claim = await inbox.ClaimAsync(100, Guid.NewGuid(), CancellationToken.None);
        await inbox.FinishAsync([.. claim.Rows.Select(EventOutcome.Processed)], CancellationToken.None);
        await dataSource.DisposeAsync(); // its backends report their counts as they exit

        // Assert: 15 claims and 15 outcomes, every one HOT; nothing left due.
        await WaitFor.ConditionAsync(
            async () => await db.ScalarAsync<long>("SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'dart_webhook_inbox'") == 30,
            WebhookFixtures.Timeout, "the claim's and the outcome's backends to report their updates");
        Assert.Equal(30L, await db.ScalarAsync<long>("SELECT n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'dart_webhook_inbox'"));
        Assert.Equal(15, claim.Rows.Count);
        Assert.Empty(await db.RowsAsync(Queue));
    }

    [Fact]
    public async Task The_Queue_Holds_Every_Unfinished_Row_Whoever_Writes_It()
    {
        // Arrange: rows as an operator's SQL might write them, each status once.
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync(EachStatusOnce);
        var stored = await db.RowsAsync(Queue);

        // Act: finished, replayed, retried later, deleted.
        await db.ExecuteAsync("""
            UPDATE dart_webhook_inbox SET status = 'processed', locked_until = NULL WHERE id = 2;
            UPDATE dart_webhook_inbox SET status = 'pending', next_attempt_at = '2026-11-25 11:00Z' WHERE id = 3;
            UPDATE dart_webhook_inbox SET status = 'pending', next_attempt_at = '2026-11-25 12:00Z' WHERE id = 4;
            DELETE FROM dart_webhook_inbox WHERE id = 1;
            """);

        // Assert: due when pending, at the lease's end when processing, NULL when dead, absent when finished.
        Assert.Equal(
            [Row(1, "pending", "2026-11-25 10:00Z"), Row(2, "processing", "2026-11-25 10:05Z"), Row(3, "dead", null)],
            stored);
        Assert.Equal([Row(3, "pending", "2026-11-25 11:00Z"), Row(4, "pending", "2026-11-25 12:00Z")], await db.RowsAsync(Queue));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM dart_webhook_inbox_queue q WHERE NOT EXISTS (SELECT FROM dart_webhook_inbox i WHERE i.id = q.inbox_id)"));
    }

    [Fact]
    public async Task Rows_Stored_Before_The_Migration_Are_Queued_By_It()
    {
        // Arrange: an inbox as migration 012 left it.
        await using var db = await server.CreateDatabaseAsync(migrated: false);
        await using (var context = TestDatabase.CreateContext(db.ConnectionString))
        {
            await context.GetService<IMigrator>().MigrateAsync("20261201001200_DependenciesPartialIndex"); // the one before 013
        }

        await db.ExecuteAsync(EachStatusOnce);

        // Act
        await PostgresServer.MigrateAsync(db.ConnectionString);

        // Assert
        Assert.Equal(
            [Row(1, "pending", "2026-11-25 10:00Z"), Row(2, "processing", "2026-11-25 10:05Z"), Row(3, "dead", null)],
            await db.RowsAsync(Queue));
    }

    // Rows as an operator's SQL might write them: pending, processing, dead and finished.
    private const string EachStatusOnce = """
        INSERT INTO dart_webhook_inbox (id, body_sha256, raw_body, status, next_attempt_at, locked_until) VALUES
            (1, 'a', '\x7b7d', 'pending', '2026-11-25 10:00Z', NULL),
            (2, 'b', '\x7b7d', 'processing', '2026-11-25 10:00Z', '2026-11-25 10:05Z'),
            (3, 'c', '\x7b7d', 'dead', '2026-11-25 10:00Z', NULL),
            (4, 'd', '\x7b7d', 'processed', '2026-11-25 10:00Z', NULL)
        """;

    private static object?[] Row(long id, string status, string? dueAt) =>
        [id, status, dueAt is null ? null : DateTime.Parse(dueAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)];
}
