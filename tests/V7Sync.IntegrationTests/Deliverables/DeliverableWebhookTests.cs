using Microsoft.Extensions.DependencyInjection;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Webhooks;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Deliverables;

/// <summary>doc.* webhooks act at once, and a comment that came before its task was linked is applied when it links.</summary>
public sealed class DeliverableWebhookTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private const string TaskId = "abcdefABCDEF";
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_Doc_Created_Webhook_Makes_The_Report_A_Deliverable_At_Once_And_Doc_Updated_Fetches_A_Model_Without_Text()
    {
        // Arrange: P1.T3 linked to DART task abcdefABCDEF; doc 2's event carries no text, so DART is asked for it.
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, dart_task_id) VALUES (1, 1, 3, 'Map foreign keys', $1)", TaskId);
        using var dart = new FakeDart();
        var linking = new DartDoc("docdocdoc002", "https://app.dartai.com/o/docdocdoc002-Keys", "Keys", DartOptions.DefaultReportFolder,
            $"Report of https://app.dartai.com/t/{TaskId}-P1T3");
        dart.StubDoc(linking);
        await using var app = new V7SyncApp(db.ConnectionString, dart.Settings(WebhookTestSettings.Fast()));
        using var client = app.CreateClient();

        // Act
        using var created = await client.PostAsync(DocEvent("doc.created", "docdocdoc001", "P1.T3 Foreign key map", DartOptions.DefaultReportFolder, "Mapped."));
        using var updated = await client.PostAsync(DocEvent("doc.updated", linking.Id, linking.Title, linking.Folder, text: null));
        using var elsewhere = await client.PostAsync(DocEvent("doc.created", "docdocdoc003", "P1.T3 notes", "General/Docs", "x"));
        await db.WaitForInboxDrainedAsync();

        // Assert: both reports added, each audited with the doc it came from; the doc elsewhere changes nothing.
        Assert.Equal(["https://app.dartai.com/o/docdocdoc001-Report", linking.HtmlUrl],
            (await db.ScalarAsync<string[]>("SELECT deliverable_urls FROM v7_subworkflow_tasks WHERE id = 1"))!);
        Assert.Equal(["webhook docdocdoc001", "webhook docdocdoc002"],
            (await db.RowsAsync("SELECT source || ' ' || (detail->>'doc_id') FROM v7_sync_audit WHERE action = 'deliverable_added' AND detail->>'from' = 'doc' ORDER BY id"))
            .Select(r => (string)r[0]!));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox WHERE status <> 'processed'"));
        Assert.Equal(1, dart.Requests("/docs/docdocdoc002"));
    }

    [Fact]
    public async Task A_Doc_Deleted_Webhook_Resolves_Its_Report_Unmatched_And_Keeps_Its_Deliverables()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();

        using var created = await client.PostAsync(DocEvent("doc.created", "docdocdoc001", "P2.T9 Impact register", DartOptions.DefaultReportFolder, "x"));
        await db.WaitForInboxDrainedAsync();
        var opened = await db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_findings WHERE rule = 'report_unmatched' AND status = 'open'");
        using var deleted = await client.PostAsync("""{"type":"doc.deleted","data":{"model":{"id":"docdocdoc001"}}}""");
        await db.WaitForInboxDrainedAsync();

        Assert.Equal(1, opened);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_findings WHERE rule = 'report_unmatched' AND status = 'open'"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM dart_report_docs WHERE unmatched"));
    }

    [Fact]
    public async Task A_Comment_That_Came_Before_Its_Task_Was_Linked_Is_Applied_When_A_Snapshot_Links_The_Task()
    {
        // Arrange: P1.T3 exists but no row is linked to DART task abcdefABCDEF yet.
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();
        const string doc = "https://app.dartai.com/o/DocDocDocDoc-Enum-Inventory";

        // Act: the comment first, then the task's snapshot whose title names P1.T3.
        using var comment = await client.PostAsync(CommentEvent("cmtcmtcmtcmt", doc));
        await db.WaitForInboxDrainedAsync();
        var kept = await db.ScalarAsync<long>("SELECT count(*) FROM dart_pending_comment_links");
        using var linked = await client.PostAsync(DartWebhooks.TaskEvent("task.created", TaskId, "P1.T3 Enums", "Doing", At));
        await db.WaitForInboxDrainedAsync();

        // Assert
        Assert.Equal(1, kept);
        Assert.Equal([doc], (await db.ScalarAsync<string[]>("SELECT deliverable_urls FROM v7_subworkflow_tasks WHERE task_number = 3"))!);
        Assert.Equal(1L, await db.AuditCountAsync(TaskId, "deliverable_added", "webhook"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM dart_pending_comment_links"));
    }

    [Fact]
    public async Task A_Kept_Comment_Is_Applied_By_The_Next_Sync_Cycle_When_The_Conductor_Links_The_Task_By_Sql()
    {
        // Arrange: the comment is kept; then the conductor writes the DART id (the guide's §6.1 statements).
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        using var dart = new FakeDart();
        dart.Serve([]);
        await using var app = new V7SyncApp(db.ConnectionString, dart.Settings(WebhookTestSettings.Fast()));
        using var client = app.CreateClient();
        const string doc = "https://app.dartai.com/o/DocDocDocDoc-Enum-Inventory";
        using var comment = await client.PostAsync(CommentEvent("cmtcmtcmtcmt", doc));
        await db.WaitForInboxDrainedAsync();
        await db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET dart_task_id = $1 WHERE task_number = 3", TaskId);

        // Act
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Incremental, "poll", CancellationToken.None);

        // Assert
        Assert.Equal([doc], (await db.ScalarAsync<string[]>("SELECT deliverable_urls FROM v7_subworkflow_tasks WHERE task_number = 3"))!);
        Assert.Equal(1L, await db.AuditCountAsync(TaskId, "deliverable_added", "poll"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM dart_pending_comment_links"));
    }

    private static string DocEvent(string type, string id, string title, string folder, string? text) =>
        $$"""{"type":"{{type}}","data":{"model":{"id":"{{id}}","htmlUrl":"https://app.dartai.com/o/{{id}}-Report","title":"{{title}}","folder":"{{folder}}"{{(text is null ? "" : $",\"text\":\"{text}\"")}}}""" + "}}";

    private static string CommentEvent(string id, string docUrl) =>
        $$"""{"type":"comment.created","data":{"model":{"id":"{{id}}","taskId":"{{TaskId}}","author":"Designer","text":"Inventory: {{docUrl}}."}""" + "}}";
}
