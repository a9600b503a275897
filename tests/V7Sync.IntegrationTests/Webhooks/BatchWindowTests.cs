using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>Webhooks:BatchWindow: after a wake the processor lets the rest of a burst arrive, then claims it as one batch.</summary>
public sealed class BatchWindowTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Deliveries_Arriving_Within_The_Window_After_A_Wake_Are_Applied_Together_Once_It_Has_Passed()
    {
        // Arrange: no fallback poll to start the processor, only the endpoint's wake.
        var window = TimeSpan.FromMilliseconds(500);
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await db.SeedWorkOrderAsync(1, 4);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(
            ("Webhooks:PollInterval", "00:10:00"), ("Webhooks:BatchWindow", window.ToString())));
        using var client = app.CreateClient();

        // Act: the first delivery wakes the processor; the second arrives while it lets the window pass.
        using var first = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "aaaaaaAAAAAA", "P1.T3 Enums", "Done", At));
        using var second = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "bbbbbbBBBBBB", "P1.T4 Views", "Done", At));
        await db.WaitForInboxDrainedAsync();

        // Assert: both applied, by one outcome (a batch records one time), no sooner than the window after the wake.
        var rows = await db.RowsAsync("SELECT status, received_at, processed_at FROM dart_webhook_inbox ORDER BY id");
        Assert.Equal(["processed", "processed"], rows.Select(r => (string)r[0]!));
        Assert.Single(rows.Select(r => (DateTime)r[2]!).Distinct());
        Assert.True((DateTime)rows[0][2]! - (DateTime)rows[0][1]! >= window, "the first delivery was claimed before the window passed");
        Assert.Equal("completed", await db.WorkOrderStatusAsync(1, 3));
        Assert.Equal("completed", await db.WorkOrderStatusAsync(1, 4));
    }
}
