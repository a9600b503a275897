using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>What the decider needs to know of a tracked work order: an immutable view of its row.</summary>
public sealed record TrackedTask(
    int Id,
    WorkOrderKey Key,
    string Status,
    string? DartTaskId,
    string? DartTaskUrl,
    string? DartStatus,
    DateTimeOffset? DartUpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<string> DeliverableUrls)
{
    public static TrackedTask From(WorkOrderTask row) => new(
        row.Id, new WorkOrderKey(row.ParentPhase, row.TaskNumber), row.Status, row.DartTaskId, row.DartTaskUrl,
        row.DartStatus, row.DartUpdatedAt, row.StartedAt, row.CompletedAt, row.DeliverableUrls);
}

/// <summary>
/// Which row a DART task belongs to. <see cref="Row"/> is linked by dart_task_id or found by the key in the title;
/// <see cref="KeyConflict"/> is the row the key points at when that row is already linked to another DART task.
/// </summary>
public sealed record TaskMatch(TrackedTask? Row, TrackedTask? KeyConflict, bool UnlinkedFindingOpen, bool ConflictFindingOpen)
{
    public static readonly TaskMatch None = new(null, null, false, false);
}
