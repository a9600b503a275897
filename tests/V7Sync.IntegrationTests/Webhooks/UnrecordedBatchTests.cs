using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;

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
        var applies = new List<string>();
        var restarted = Task.CompletedTask;
        async Task StopAsync()
        {
            await cluster.StopAsync();
            restarted = cluster.RestartAsync(); // back while the processor retries the record
        }

        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast()).WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddScoped<ITaskReconciler>(sp => new StoppingAfterApply(
                sp.GetRequiredService<TaskReconciler>(), applies, StopAsync))));
        using var client = app.CreateClient();

        // Act
        using var response = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "unrecordedAA", "P1.T3 Enums", "Doing", At));
        await WaitFor.ConditionAsync(() => Task.FromResult(Count(applies) >= 2), WebhookFixtures.Timeout, "the batch to be applied again");
        await restarted;
        await db.WaitForInboxDrainedAsync();

        // Assert: applied twice, the second changing nothing the first had done; the work order moved, audited once.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["unrecordedAA", "unrecordedAA"], applies.Take(2));
        Assert.Equal("in_progress", await db.WorkOrderStatusAsync(1, 3));
        Assert.Equal(1L, await db.AuditCountAsync("unrecordedAA", "status_changed"));
        Assert.Contains(await db.ScalarAsync<string>("SELECT status FROM dart_webhook_inbox"), Finished);
    }

    private static int Count(List<string> applies)
    {
        lock (applies)
        {
            return applies.Count;
        }
    }

    /// <summary>The real reconciler; after its first apply the database goes down, as if it crashed right there.</summary>
    private sealed class StoppingAfterApply(TaskReconciler real, List<string> applies, Func<Task> stop) : ITaskReconciler
    {
        public async Task<ReconcileSummary> ApplyAsync(IReadOnlyList<DartTask> snapshots, string source, CancellationToken cancellationToken)
        {
            var summary = await real.ApplyAsync(snapshots, source, cancellationToken);
            bool first;
            lock (applies)
            {
                first = applies.Count == 0;
                applies.AddRange(snapshots.Select(s => s.Id));
            }

            if (first)
            {
                await stop();
            }

            return summary;
        }

        public Task<ReconcileSummary> MarkDeletedAsync(string dartTaskId, string source, string reason, CancellationToken cancellationToken) =>
            real.MarkDeletedAsync(dartTaskId, source, reason, cancellationToken);

        public Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken) =>
            real.AddDeliverablesAsync(dartTaskId, urls, source, cancellationToken);

        public Task<ReconcileSummary> SetAsideAsync(IReadOnlyList<UnreadableTask> tasks, string source, CancellationToken cancellationToken) =>
            real.SetAsideAsync(tasks, source, cancellationToken);
    }
}
