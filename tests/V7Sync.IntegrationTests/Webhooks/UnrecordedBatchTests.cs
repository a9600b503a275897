using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// A batch applied whose outcomes could not be recorded (the database went away between the two) is applied again
/// once the database is back, not merely recorded: the apply committed without waiting for its flush
/// (ReplayableCommit), so the crash that stopped the record may have taken the apply with it.
/// </summary>
/// <remarks>Serial: it stops the one server every other test's database lives on.</remarks>
[Collection(SerialCollection.Name)]
public sealed class UnrecordedBatchTests(PostgresServer server)
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Finished = ["processed", "superseded"];

    [Fact]
    public async Task A_Batch_Whose_Outcomes_Were_Not_Recorded_Is_Applied_Again_When_The_Database_Is_Back()
    {
        if (server.Cluster is not { } cluster)
        {
            return; // an external server (V7SYNC_TEST_PG) cannot be stopped by a test
        }

        // Arrange: the first apply succeeds, and the database stops (its unwritten WAL gone) before the outcomes are
        // recorded. The test cluster commits unflushed; this database flushes, as a production one does.
        await using var db = await server.CreateDurableDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        var applied = new ConcurrentQueue<string>();
        var restarted = Task.CompletedTask;
        var stopped = 0;
        async Task StopAfterFirstApplyAsync()
        {
            if (Interlocked.Exchange(ref stopped, 1) == 0)
            {
                await cluster.StopAsync();
                restarted = cluster.RestartAsync(); // back while the processor retries the record
            }
        }

        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast()).WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => ReconcilerDecorator.Decorate(
                services, inner => new RecordingReconciler(inner, applied, StopAfterFirstApplyAsync))));
        using var client = app.CreateClient();

        // Act
        using var response = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "unrecordedAA", "P1.T3 Enums", "Doing", At));
        await WaitFor.ConditionAsync(() => Task.FromResult(applied.Count >= 2), WebhookFixtures.Timeout, "the batch to be applied again");
        await restarted;
        await db.WaitForInboxDrainedAsync();

        // Assert: applied twice, the second changing nothing the first had done; the work order moved, audited once.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(applied.Take(2), a => Assert.StartsWith("unrecordedAA@", a, StringComparison.Ordinal));
        Assert.Equal("in_progress", await db.WorkOrderStatusAsync(1, 3));
        Assert.Equal(1L, await db.AuditCountAsync("unrecordedAA", "status_changed"));
        Assert.Contains(await db.ScalarAsync<string>("SELECT status FROM dart_webhook_inbox"), Finished);
    }
}
