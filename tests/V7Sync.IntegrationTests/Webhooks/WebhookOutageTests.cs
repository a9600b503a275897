using System.Net;
using V7Sync.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>The tracking database goes away: nothing is acknowledged that is not stored, and nothing is lost.</summary>
/// <remarks>Serial: it stops the one server every other test's database lives on.</remarks>
[Collection(SerialCollection.Name)]
public sealed class WebhookOutageTests(PostgresServer server, ITestOutputHelper output)
{
    private const string TaskId = "outageOUTAGE";
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Database_Stopped_Is_503_And_Nothing_Is_Lost_Once_It_Is_Back()
    {
        if (server.Cluster is not { } cluster)
        {
            // xunit 2 cannot skip at run time; say so in the output instead of pretending to have tested it.
            output.WriteLine($"SKIPPED: {PostgresServer.EnvironmentVariable} names an external server, which this test cannot stop.");
            return;
        }

        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(
            // Short, so that even a claim whose reply the outage swallowed comes back well within the wait.
            ("Webhooks:ClaimLease", "00:00:03")));
        using var client = app.CreateClient();
        using var before = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Doing", At));
        var during = DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Done", At.AddMinutes(1));

        // The test cluster trades durability for speed (synchronous_commit off) and stops "immediate", which is a
        // crash: without a checkpoint it could forget the acknowledged row, which a production server never would.
        await db.ExecuteAsync("CHECKPOINT");
        HttpStatusCode whileDown;
        await cluster.StopAsync();
        try
        {
            using var response = await client.PostAsync(during);
            whileDown = response.StatusCode;
        }
        finally
        {
            await cluster.RestartAsync();
        }

        // The sender did not get a 2xx, so it delivers again; the first attempt may meet a pooled connection
        // that died with the server, which is a 503 too and simply another retry.
        await WaitFor.ConditionAsync(
            async () =>
            {
                using var retry = await client.PostAsync(during);
                return retry.StatusCode == HttpStatusCode.OK;
            },
            WebhookFixtures.Timeout,
            "the redelivery to be acknowledged once the database is back");
        await db.WaitForInboxDrainedAsync();

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown);
        var rows = await db.RowsAsync("SELECT status, dart_updated_at FROM dart_webhook_inbox ORDER BY dart_updated_at");
        // The newer one applied; the older one too, or (when its retry came after the newer one) superseded by it.
        Assert.Equal("processed", rows[1][0]);
        Assert.True(rows[0][0] is "processed" or "superseded", $"the older delivery's row is {rows[0][0]}");
        Assert.Equal([At, At.AddMinutes(1)], rows.Select(r => new DateTimeOffset((DateTime)r[1]!)));
        Assert.Equal("completed", await db.WorkOrderStatusAsync(1, 3));
    }
}
