using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;
using V7Sync.Webhooks;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// From the inbox to the tracking tables: the processor, the reconciler, order (retries, leases and crashes:
/// WebhookProcessingTests.Claims.cs).
/// </summary>
public sealed partial class WebhookProcessingTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private const string TaskId = "abcdefABCDEF";
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_Acknowledged_Task_Event_Updates_The_Tracking_Row_With_Source_Webhook()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();

        using var response = await client.PostAsync(DartWebhooks.TaskEvent("task.status_updated", TaskId, "P1.T3 Document all duplicate ENUMs", "Doing", At));
        await db.WaitForInboxDrainedAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("in_progress", await db.WorkOrderStatusAsync(1, 3));
        Assert.Equal(TaskId, await db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks WHERE task_number = 3"));
        Assert.Equal(1L, await db.AuditCountAsync(TaskId, "status_changed", "webhook"));
        Assert.Equal("processed", await db.ScalarAsync<string>("SELECT status FROM dart_webhook_inbox"));
    }

    [Fact]
    public async Task The_Endpoint_Wakes_The_Processor_At_Once_Without_Waiting_For_The_Poll()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:PollInterval", "00:10:00")));
        using var client = app.CreateClient();

        using var response = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Done", At));

        // Far sooner than the ten-minute fallback poll: only the wake-up can have started the processor.
        await WaitFor.ConditionAsync(
            async () => await db.WorkOrderStatusAsync(1, 3) == "completed", TimeSpan.FromSeconds(10), "the tracking row to be updated");
    }

    [Fact]
    public async Task An_Older_Or_Repeated_Event_After_A_Newer_One_Changes_Nothing_And_Is_Superseded_On_Its_Inbox_Row_Not_Audited()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();

        using var newer = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Done", At.AddMinutes(5)));
        await db.WaitForInboxDrainedAsync();
        using var older = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Doing", At));
        using var repeated = await client.PostAsync(DartWebhooks.TaskEvent("task.status_updated", TaskId, "P1.T3 Enums", "Done", At.AddMinutes(5)));
        await db.WaitForInboxDrainedAsync();

        Assert.Equal("completed", await db.WorkOrderStatusAsync(1, 3));
        Assert.Equal(1L, await db.AuditCountAsync(TaskId, "status_changed"));
        Assert.Equal(At.AddMinutes(5), await db.ScalarAsync<DateTime>("SELECT dart_updated_at FROM v7_subworkflow_tasks WHERE task_number = 3"));
        // The older and the repeated delivery: superseded by the version applied, on their rows; nothing in the audit log.
        var rows = await db.RowsAsync("SELECT event_type, status, superseded_by FROM dart_webhook_inbox ORDER BY id");
        Assert.Equal(["processed", "superseded", "superseded"], rows.Select(r => (string)r[1]!));
        Assert.All(rows.Skip(1), r => Assert.Equal(At.AddMinutes(5).UtcDateTime, (DateTime)r[2]!));
        Assert.Equal(0L, await db.ScalarAsync<long>($"SELECT COUNT(*) FROM v7_sync_audit WHERE dart_task_id = '{TaskId}' AND occurred_at >= (SELECT received_at FROM dart_webhook_inbox ORDER BY id OFFSET 1 LIMIT 1)"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = 'event_stale_ignored'"));
    }

    [Fact]
    public async Task The_Same_Task_From_Webhook_And_Poll_At_Once_Ends_In_The_Newest_State_With_One_Audit_Row_Per_Change()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();
        for (var task = 1; task <= 5; task++)
        {
            await db.SeedWorkOrderAsync(2, task);
        }

        for (var task = 1; task <= 5; task++)
        {
            // Arrange: DART moved the task To-do → Doing → Done; webhooks and a poll page both carry it.
            var id = $"raceRACE000{task}";
            var title = $"P2.T{task} Race";
            var doing = DartWebhooks.TaskEvent("task.status_updated", id, title, "Doing", At.AddSeconds(1));
            var done = DartWebhooks.TaskEvent("task.status_updated", id, title, "Done", At.AddSeconds(2));
            var poll = new[] { WebhookPayload.ReadTask(Encoding.UTF8.GetBytes(done), "poll").Task!, WebhookPayload.ReadTask(Encoding.UTF8.GetBytes(doing), "poll").Task! };

            // Act: the deliveries (newest first) race the poller's reconcile.
            await Task.WhenAll(
                PostAllAsync(client, done, doing),
                ReconcileAsync(app.Services, poll));
            await db.WaitForInboxDrainedAsync();

            // Assert: the newest state, and no change audited twice whichever writer made it.
            Assert.Equal("completed", await db.WorkOrderStatusAsync(2, task));
            var changes = await db.RowsAsync(
                $"SELECT action, field, new_value FROM v7_sync_audit WHERE dart_task_id = '{id}'");
            Assert.Equal(changes.Count, changes.Select(c => $"{c[0]}|{c[1]}|{c[2]}").Distinct().Count());
            Assert.Single(changes, c => (string)c[0]! == "task_linked" && (string)c[1]! == "dart_task_id");
            Assert.Single(changes, c => (string)c[0]! == "status_changed" && (string)c[2]! == "completed");
        }
    }

    [Fact]
    public async Task A_Deleted_Task_Raises_Dart_Task_Deleted()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();

        using var created = await client.PostAsync(DartWebhooks.TaskEvent("task.created", TaskId, "P1.T3 Enums", "To-do", At));
        await db.WaitForInboxDrainedAsync();
        using var deleted = await client.PostAsync(DartWebhooks.TaskEvent("task.deleted", TaskId, "P1.T3 Enums", "To-do", At.AddMinutes(1)));
        await db.WaitForInboxDrainedAsync();

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(1L, await db.AuditCountAsync(TaskId, "dart_task_deleted", "webhook"));
    }

    [Fact]
    public async Task A_Comment_Linking_A_Dart_Doc_Adds_The_Deliverable_To_Its_Task()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();
        const string doc = "https://app.dartai.com/o/DocDocDocDoc-Enum-Inventory";

        using var linked = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", TaskId, "P1.T3 Enums", "Doing", At));
        await db.WaitForInboxDrainedAsync();
        using var comment = await client.PostAsync(
            $$"""{"type":"comment.created","data":{"model":{"id":"cmtcmtcmtcmt","taskId":"{{TaskId}}","author":"Designer","text":"Inventory: {{doc}}."}""" + "}}");
        // A doc outside the report folders is recorded, nothing more.
        using var docEvent = await client.PostAsync(
            $$"""{"type":"doc.updated","data":{"model":{"id":"DocDocDocDoc","htmlUrl":"{{doc}}","title":"Enum Inventory","folder":"General/Docs","text":"v2"}""" + "}}");
        await db.WaitForInboxDrainedAsync();

        var urls = await db.ScalarAsync<string[]>("SELECT deliverable_urls FROM v7_subworkflow_tasks WHERE task_number = 3");
        Assert.Contains(doc, urls!);
        Assert.Equal(1L, await db.AuditCountAsync(TaskId, "deliverable_added", "webhook"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox WHERE status <> 'processed'"));
    }

    private static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Replica(
        TestDatabase db, Dictionary<string, string?> settings, ConcurrentQueue<string> applied) =>
        new V7SyncApp(db.ConnectionString, settings).WithWebHostBuilder(b => b.ConfigureTestServices(
            services => ReconcilerDecorator.Decorate(services, inner => new RecordingReconciler(inner, applied))));

    private static async Task PostAllAsync(HttpClient client, params string[] bodies)
    {
        foreach (var body in bodies)
        {
            using var response = await client.PostAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task ReconcileAsync(IServiceProvider services, IReadOnlyList<V7Sync.Dart.DartTask> snapshots)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ITaskReconciler>().ApplyAsync(snapshots, "poll", CancellationToken.None);
    }
}
