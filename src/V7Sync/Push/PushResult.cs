using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>What pushing one outbox row did, for the log and `v7sync push` (one line per work order: key, action, fields).</summary>
internal sealed record PushResult(long OutboxId, int TaskId, string Key, string Action, IReadOnlyList<string> Fields, string? Note)
{
    public const string Created = "created";
    public const string Linked = "linked";
    public const string Updated = "updated";
    public const string Skipped = "skipped";
    public const string Retry = "retry";
    public const string Dead = "dead";
    public const string LostClaim = "lost claim";

    public static PushResult Of(OutboxRow row, WorkOrderTask? task, string action, IReadOnlyList<string> fields, string? note) =>
        new(row.Id, row.TaskId, task?.WorkOrderKey ?? $"task {row.TaskId}", action, fields, note);
}
