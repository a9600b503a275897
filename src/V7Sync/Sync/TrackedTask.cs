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
    /// <summary>DART's assignees as last applied (dart_assignees).</summary>
    public IReadOnlyList<string> DartAssignees { get; init; } = [];

    public static TrackedTask From(WorkOrderTask row) => new(
        row.Id, new WorkOrderKey(row.ParentPhase, row.TaskNumber), row.Status, row.DartTaskId, row.DartTaskUrl,
        row.DartStatus, row.DartUpdatedAt, row.StartedAt, row.CompletedAt, row.DeliverableUrls)
    {
        DartAssignees = row.DartAssignees,
    };
}
