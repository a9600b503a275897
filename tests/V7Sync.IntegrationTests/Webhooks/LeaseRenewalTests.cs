using System.Text;
using Microsoft.AspNetCore.TestHost;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Webhooks;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>A claim's lease is renewed while its batch runs, so the lease can be short and a long batch still keeps its rows.</summary>
public sealed class LeaseRenewalTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private const string TaskId = "leaseLEASE01";
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_Batch_Running_Longer_Than_Its_Lease_Keeps_Its_Row_From_Another_Processor()
    {
        // Arrange: a one-second lease; the first processor is held inside its batch (a deletion that never ends).
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        var inbox = new WebhookInbox(dataSource, Microsoft.Extensions.Options.Options.Create(new WebhooksOptions()), TimeProvider.System);
        var body = Encoding.UTF8.GetBytes(DartWebhooks.TaskEvent("task.deleted", TaskId, "P1.T3 Enums", "Done", At));
        await inbox.AddAsync(new InboxEntry("task.deleted", TaskId, At, "k1", body, InboxStatus.Pending), CancellationToken.None);
        var settings = WebhookTestSettings.Fast(("Webhooks:ClaimLease", "00:00:01"));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = new V7SyncApp(db.ConnectionString, settings);
        await using var held = factory.WithWebHostBuilder(b => b.ConfigureTestServices(
            services => ReconcilerDecorator.Decorate(services, inner => new BlockingReconciler(inner, entered))));
        _ = held.Services;
        await entered.Task.WaitAsync(WebhookFixtures.Timeout);

        // Act: a second processor polls beside it while the lease is renewed again and again (several leases long).
        await using var other = new V7SyncApp(db.ConnectionString, settings);
        _ = other.Services;
        var leases = new HashSet<DateTime>();
        await WaitFor.ConditionAsync(async () =>
        {
            leases.Add(await db.ScalarAsync<DateTime>("SELECT locked_until FROM dart_webhook_inbox"));
            return leases.Count >= 5;
        }, WebhookFixtures.Timeout, "the held batch's lease to be renewed several times");

        // Assert: still the first claim's; the other processor never took it.
        var row = Assert.Single(await db.RowsAsync("SELECT status, attempts FROM dart_webhook_inbox"));
        Assert.Equal(new object?[] { "processing", 1 }, row);
        Assert.Equal(0L, await db.AuditCountAsync(TaskId, "dart_task_deleted"));
    }
}
