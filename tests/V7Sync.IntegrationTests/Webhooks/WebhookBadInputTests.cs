using System.Net;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>Webhook deliveries DART should never send, through the real endpoint, processor and PostgreSQL.</summary>
public sealed class WebhookBadInputTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private const string TaskId = "abcdefABCDEF";
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_Null_Status_Goes_Dead_At_Once_With_Its_Reason_And_Raises_Dart_Task_Unreadable()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();
        var body = DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Doing", At).Replace("\"status\":\"Doing\"", "\"status\":null", StringComparison.Ordinal);

        using var response = await client.PostAsync(body);
        await db.WaitForInboxDrainedAsync();

        // Dead at the first attempt (no retry can fix it), the reader's reason kept; the task is left as it was.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await db.RowsAsync("SELECT status, attempts, last_error FROM dart_webhook_inbox"));
        Assert.Equal("dead", row[0]);
        Assert.Equal(1, row[1]);
        Assert.Contains("$.status", (string)row[2]!, StringComparison.Ordinal);
        Assert.Equal("pending", await db.WorkOrderStatusAsync(1, 3));
        var finding = Assert.Single(await db.RowsAsync("SELECT subject, message FROM v7_sync_findings WHERE rule = 'dart_task_unreadable' AND status = 'open'"));
        Assert.Equal(TaskId, finding[0]);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = 'integrity_violation' AND source = 'webhook'"));
    }

    [Fact]
    public async Task A_Far_Future_Webhook_Asks_Dart_And_The_Real_Change_After_It_Applies()
    {
        // Arrange: a signed delivery stamped 2099; DART's own record of the task is of today.
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        using var dart = new FakeDart();
        dart.StubTask(FakeDart.NewTask(TaskId, "P1.T3 Enums", "Doing", At));
        await using var app = new V7SyncApp(db.ConnectionString, dart.Settings(WebhookTestSettings.Fast()));
        using var client = app.CreateClient();

        // Act
        using var future = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Doing", new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        await db.WaitForInboxDrainedAsync();
        var versionAfterFuture = await db.ScalarAsync<DateTime>("SELECT dart_updated_at FROM v7_subworkflow_tasks WHERE task_number = 3");
        using var real = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Done", At.AddMinutes(1)));
        await db.WaitForInboxDrainedAsync();

        // Assert: DART's record was applied instead of the 2099 stamp, so the real change is newer and applies.
        Assert.Equal(At.UtcDateTime, versionAfterFuture);
        Assert.Equal(1, dart.Requests($"/tasks/{TaskId}"));
        Assert.Equal("completed", await db.WorkOrderStatusAsync(1, 3));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox WHERE status <> 'processed'"));
    }

    [Fact]
    public async Task An_Unlinked_Task_With_A_NUL_In_Its_Title_Is_Processed_And_Reported()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();

        using var response = await client.PostAsync(DartWebhooks.TaskEvent("task.created", "straytask001", "Plan the\\u0000 retro", "Doing", At));
        await db.WaitForInboxDrainedAsync();

        Assert.Equal("processed", await db.ScalarAsync<string>("SELECT status FROM dart_webhook_inbox"));
        Assert.Equal("Plan the retro", await db.ScalarAsync<string>(
            "SELECT new_value FROM v7_sync_audit WHERE action = 'dart_task_unlinked' AND dart_task_id = 'straytask001'"));
    }

    [Fact]
    public async Task A_Delivery_Whose_Kind_Holds_A_NUL_Is_Stored_And_Answered_200()
    {
        // Before: the row could not be stored (22021), the answer was 503, and DART would send it again for ever.
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();
        var body = DartWebhooks.TaskEvent("task.updated\\u0000", TaskId, "P1.T3 Enums", "Doing", At);

        using var response = await client.PostAsync(body);
        await db.WaitForInboxDrainedAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("task.updated", await db.ScalarAsync<string>("SELECT event_type FROM dart_webhook_inbox"));
        Assert.Equal("in_progress", await db.WorkOrderStatusAsync(1, 3));
    }
}
