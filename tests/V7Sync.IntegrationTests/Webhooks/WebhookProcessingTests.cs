using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;
using V7Sync.Webhooks;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>From the inbox to the tracking tables: the processor, the reconciler, order, retries and crashes.</summary>
public sealed class WebhookProcessingTests(PostgresServer server) : IClassFixture<PostgresServer>
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
