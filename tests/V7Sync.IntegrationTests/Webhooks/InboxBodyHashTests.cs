using System.Text;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Webhooks;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// Migration 015: the body-hash index dedupes only the deliveries without a dedupe key (doc events); one with a key is
/// stored once by the key, which is read from the body, so it takes no entry in that index.
/// </summary>
public sealed class InboxBodyHashTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private const string BodyIndexPages = "SELECT pg_relation_size('uq_dart_webhook_inbox_body') / current_setting('block_size')::bigint";

    [Fact]
    public async Task Keyed_Deliveries_Take_No_Entry_In_The_Body_Hash_Index_And_A_Keyless_One_Does()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);
        using var inbox = new WebhookInbox(dataSource, Microsoft.Extensions.Options.Options.Create(new WebhooksOptions()), TimeProvider.System);
        var emptyIndex = await db.ScalarAsync<long>(BodyIndexPages);

        // Act: 300 task events (each keyed by kind, task and updatedAt), then one doc event (no key: docs have no updatedAt).
        for (var i = 0; i < 300; i++)
        {
            var body = Encoding.UTF8.GetBytes(DartWebhooks.TaskEvent("task.updated", $"key{i:D9}", $"Work order {i}", "Doing", At));
            Assert.True(await inbox.AddAsync(new InboxEntry("task.updated", $"key{i:D9}", At, $"task.updated|key{i:D9}|{i}", body, InboxStatus.Pending), CancellationToken.None));
        }

        var afterKeyed = await db.ScalarAsync<long>(BodyIndexPages);
        var doc = Encoding.UTF8.GetBytes("""{"type":"doc.updated","data":{"model":{"id":"docdocdocdoc","title":"Plan","text":"v2"}}}""");
        Assert.True(await inbox.AddAsync(new InboxEntry("doc.updated", null, null, null, doc, InboxStatus.Pending), CancellationToken.None));
        Assert.False(await inbox.AddAsync(new InboxEntry("doc.updated", null, null, null, doc, InboxStatus.Pending), CancellationToken.None));

        // Assert: the index is still its metapage alone after the keyed rows (300 entries would fill a leaf page
        // and more), and the keyless doc took its entry, which refused the same body again.
        Assert.Equal(emptyIndex, afterKeyed);
        Assert.True(await db.ScalarAsync<long>(BodyIndexPages) > emptyIndex);
        Assert.Equal(301L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }
}
