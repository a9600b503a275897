using System.Text;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Webhooks;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// Migration 011: the inbox's pages keep room for a row's three versions, so its claim and outcome are written beside
/// it (and PostgreSQL logs only what changed) instead of as a whole new row on another page; even while a long
/// transaction keeps the versions a claim left behind from being pruned.
/// </summary>
public sealed class InboxPageRoomTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_Rows_Claim_And_Outcome_Stay_On_The_Page_It_Was_Stored_On()
    {
        // Arrange: more deliveries of DART's usual size than one full page holds.
        await using var db = await server.CreateDatabaseAsync();
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        var inbox = new WebhookInbox(dataSource, Microsoft.Extensions.Options.Options.Create(new WebhooksOptions()), TimeProvider.System);
        for (var i = 0; i < 15; i++)
        {
            var id = $"room{i:D8}";
            var body = Encoding.UTF8.GetBytes(DartWebhooks.TaskEvent("task.updated", id, $"A work order title of the usual length, number {i}", "Doing", At));
            await inbox.AddAsync(new InboxEntry("task.updated", id, At, $"k{i}", body, InboxStatus.Pending), CancellationToken.None);
        }

        var stored = await PagesAsync(db);

        // Act: claimed and finished, as the processor does, while a report's snapshot is open (nothing can be pruned).
        await using var report = await dataSource.OpenConnectionAsync();
        await using (var snapshot = new Npgsql.NpgsqlCommand("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT COUNT(*) FROM dart_webhook_inbox", report))
        {
            await snapshot.ExecuteScalarAsync();
        }

        var claim = await inbox.ClaimAsync(100, Guid.NewGuid(), CancellationToken.None);
        await inbox.FinishAsync([.. claim.Rows.Select(EventOutcome.Processed)], CancellationToken.None);

        // Assert
        Assert.Equal(15, claim.Rows.Count);
        Assert.True(stored.Values.Distinct().Count() > 1, "the rows span more than one page");
        Assert.Equal(stored, await PagesAsync(db));
        Assert.Equal(15L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox WHERE status = 'processed'"));
    }

    private static async Task<Dictionary<long, long>> PagesAsync(TestDatabase db) =>
        (await db.RowsAsync("SELECT id, (ctid::text::point)[0]::bigint FROM dart_webhook_inbox"))
            .ToDictionary(r => (long)r[0]!, r => (long)r[1]!);
}
