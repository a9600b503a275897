using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Webhooks;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// Claims under a lease: a failing row's backoff, a dead processor's rows taken over, a lease run out too often, a
/// shutdown mid-batch, two processors on one inbox.
/// </summary>
public sealed partial class WebhookProcessingTests
{
    [Fact]
    public async Task A_Failing_Row_Is_Retried_With_Backoff_Then_Dead_With_Its_Error_Kept()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var factory = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:MaxAttempts", "3")));
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(
            services => ReconcilerDecorator.Decorate(services, _ => new FailingReconciler())));
        using var client = app.CreateClient();

        using var response = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Doing", At));
        await WaitFor.ConditionAsync(
            async () => await db.ScalarAsync<string>("SELECT status FROM dart_webhook_inbox") == "dead", WebhookFixtures.Timeout, "the row to go dead");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await db.RowsAsync("SELECT attempts, last_error, processed_at, locked_until FROM dart_webhook_inbox"));
        Assert.Equal(3, row[0]);
        Assert.Contains(FailingReconciler.Message, (string)row[1]!, StringComparison.Ordinal);
        Assert.NotNull(row[2]);
        Assert.Null(row[3]);
    }

    [Fact]
    public async Task Rows_Claimed_By_A_Processor_That_Died_Are_Processed_By_The_Next()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        var lease = TimeSpan.FromSeconds(1);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        var crashed = new WebhookInbox(dataSource, Microsoft.Extensions.Options.Options.Create(new WebhooksOptions { ClaimLease = lease }), TimeProvider.System);
        var body = Encoding.UTF8.GetBytes(DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Done", At));
        await crashed.AddAsync(new InboxEntry("task.updated", TaskId, At, "k1", body, InboxStatus.Pending), CancellationToken.None);

        // Arrange: a processor claims the row and dies before it records anything.
        Assert.Single((await crashed.ClaimAsync(10, Guid.NewGuid(), CancellationToken.None)).Rows);
        Assert.Equal("processing", await db.ScalarAsync<string>("SELECT status FROM dart_webhook_inbox"));

        // Act: the next processor starts; it finds the row once the dead one's lease has run out.
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        _ = app.Services;
        await db.WaitForInboxDrainedAsync();

        var row = Assert.Single(await db.RowsAsync("SELECT status, attempts FROM dart_webhook_inbox"));
        Assert.Equal("processed", row[0]);
        Assert.Equal(2, row[1]);
        Assert.Equal("completed", await db.WorkOrderStatusAsync(1, 3));
        Assert.Equal(1L, await db.AuditCountAsync(TaskId, "status_changed"));
    }

    [Fact]
    public async Task A_Row_Whose_Lease_Runs_Out_MaxAttempts_Times_Goes_Dead_Instead_Of_Being_Claimed_Again()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        var clock = new FakeTimeProvider(At);
        var lease = TimeSpan.FromMinutes(2);
        var inbox = new WebhookInbox(
            dataSource, Microsoft.Extensions.Options.Options.Create(new WebhooksOptions { ClaimLease = lease, MaxAttempts = 3 }), clock);
        var body = Encoding.UTF8.GetBytes(DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Done", At));
        await inbox.AddAsync(new InboxEntry("task.updated", TaskId, At, "k1", body, InboxStatus.Pending), CancellationToken.None);
        await db.ExecuteAsync("UPDATE dart_webhook_inbox SET last_error = 'TimeoutException: an earlier attempt'");

        // Arrange: the row crashes every processor that claims it: claimed, never finished, its lease runs out.
        var claims = new List<int>();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            claims.Add(Assert.Single((await inbox.ClaimAsync(10, Guid.NewGuid(), CancellationToken.None)).Rows).Attempts);
            Assert.Empty((await inbox.ClaimAsync(10, Guid.NewGuid(), CancellationToken.None)).Rows);
            clock.Advance(lease);
        }

        // Act: the next claim after the last lease ran out.
        var last = await inbox.ClaimAsync(10, Guid.NewGuid(), CancellationToken.None);
        clock.Advance(lease);
        var later = await inbox.ClaimAsync(10, Guid.NewGuid(), CancellationToken.None);

        Assert.Equal([1, 2, 3], claims);
        Assert.Empty(last.Rows);
        Assert.Equal(await db.ScalarAsync<long>("SELECT id FROM dart_webhook_inbox"), Assert.Single(last.Abandoned));
        Assert.Equal(0, later.Count);
        var row = Assert.Single(await db.RowsAsync("SELECT status, attempts, locked_until, processed_at, last_error FROM dart_webhook_inbox"));
        Assert.Equal("dead", row[0]);
        Assert.Equal(3, row[1]);
        Assert.Null(row[2]);
        Assert.NotNull(row[3]);
        Assert.Contains("lease expired without an outcome", (string)row[4]!, StringComparison.Ordinal);
        Assert.Contains("TimeoutException: an earlier attempt", (string)row[4]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutting_Down_Mid_Batch_Records_What_Was_Done_And_Hands_The_Rest_Back_Unclaimed()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        var inbox = new WebhookInbox(dataSource, Microsoft.Extensions.Options.Options.Create(new WebhooksOptions()), TimeProvider.System);
        foreach (var (kind, key) in new[] { ("task.updated", "k1"), ("task.deleted", "k2") })
        {
            var body = Encoding.UTF8.GetBytes(DartWebhooks.TaskEvent(kind, TaskId, "P1.T3 Enums", "Done", At));
            await inbox.AddAsync(new InboxEntry(kind, TaskId, At, key, body, InboxStatus.Pending), CancellationToken.None);
        }

        // Arrange: one batch takes both rows; the snapshot is applied, the deletion is still running.
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:ClaimLease", "00:30:00")));
        var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(
            services => ReconcilerDecorator.Decorate(services, inner => new BlockingReconciler(inner, entered))));
        _ = app.Services;
        await entered.Task.WaitAsync(WebhookFixtures.Timeout);

        // Act: the app shuts down.
        await app.DisposeAsync();

        var rows = await db.RowsAsync("SELECT event_type, status, attempts, locked_until FROM dart_webhook_inbox ORDER BY id");
        Assert.Equal(new object?[] { "task.updated", "processed", 1, null }, rows[0]);
        Assert.Equal(new object?[] { "task.deleted", "pending", 0, null }, rows[1]);
        Assert.Equal("completed", await db.WorkOrderStatusAsync(1, 3));
    }

    [Fact]
    public async Task Two_Processors_On_One_Database_Never_Apply_One_Row_Twice()
    {
        await using var db = await server.CreateDatabaseAsync();
        const int events = 300;
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        var inbox = new WebhookInbox(dataSource, Microsoft.Extensions.Options.Options.Create(new WebhooksOptions()), TimeProvider.System);
        for (var i = 0; i < events; i++)
        {
            var id = $"two{i:D9}";
            var body = Encoding.UTF8.GetBytes(DartWebhooks.TaskEvent("task.updated", id, $"Unplanned {i}", "Doing", At));
            await inbox.AddAsync(new InboxEntry("task.updated", id, At, $"k{i}", body, InboxStatus.Pending), CancellationToken.None);
        }

        // Act: two replicas start on the same inbox and drain it in small batches side by side.
        var applied = new ConcurrentQueue<string>();
        var settings = WebhookTestSettings.Fast(("Webhooks:BatchSize", "7"));
        await using var first = Replica(db, settings, applied);
        await using var second = Replica(db, settings, applied);
        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));
        await db.WaitForInboxDrainedAsync();

        Assert.Equal(events, applied.Count);
        Assert.Equal(events, applied.Distinct().Count());
        Assert.Equal(events, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox WHERE status = 'processed' AND attempts = 1"));
    }

    [Fact]
    public async Task Concurrent_Claims_Never_Hand_Out_One_Row_Twice()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        var inbox = new WebhookInbox(dataSource, Microsoft.Extensions.Options.Options.Create(new WebhooksOptions()), TimeProvider.System);
        for (var i = 0; i < 500; i++)
        {
            await inbox.AddAsync(new InboxEntry("doc.updated", null, null, null, Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), InboxStatus.Pending), CancellationToken.None);
        }

        var claimed = new ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while ((await inbox.ClaimAsync(5, Guid.NewGuid(), CancellationToken.None)).Rows is { Count: > 0 } rows)
            {
                foreach (var row in rows)
                {
                    claimed.Add(row.Id);
                }
            }
        })));

        Assert.Equal(500, claimed.Count);
        Assert.Equal(500, claimed.Distinct().Count());
    }
}
