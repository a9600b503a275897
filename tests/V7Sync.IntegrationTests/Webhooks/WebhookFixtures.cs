using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>Work orders to link DART tasks to, and the waits and reads the webhook processing tests share.</summary>
public static class WebhookFixtures
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Adds work order P{phase}.T{task}; a DART task titled "P{phase}.T{task} …" links to it.</summary>
    public static Task SeedWorkOrderAsync(this TestDatabase db, int phase, int task, string name = "Document all duplicate ENUMs") =>
        db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES ($1, $2, $3)", phase, task, name);

    public static Task WaitForInboxDrainedAsync(this TestDatabase db) =>
        WaitFor.ConditionAsync(
            async () => await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox WHERE status IN ('pending', 'processing')") == 0,
            Timeout,
            "the inbox processor to process every row");

    public static Task<string?> WorkOrderStatusAsync(this TestDatabase db, int phase, int task) =>
        db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks WHERE parent_phase = $1 AND task_number = $2", phase, task);

    public static Task<long> AuditCountAsync(this TestDatabase db, string dartTaskId, string action, string? source = null) =>
        db.ScalarAsync<long>(
            "SELECT COUNT(*) FROM v7_sync_audit WHERE dart_task_id = $1 AND action = $2 AND ($3 = '' OR source = $3)",
            dartTaskId, action, source ?? "");
}
