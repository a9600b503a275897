using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// What the decider needs to know of a tracked work order: an immutable view of its row. <see cref="PendingFields"/>
/// are the owned fields whose push to DART is still pending (dart_outbox): no DART snapshot overwrites them.
/// </summary>
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
    IReadOnlyList<string> DeliverableUrls,
    string StatusOrigin = StatusOrigins.Conductor,
    IReadOnlySet<string>? PendingFields = null)
{
    /// <summary>DART's assignees as last applied (dart_assignees).</summary>
    public IReadOnlyList<string> DartAssignees { get; init; } = [];

    /// <summary>A status the conductor decided that DART must not revert: cancelled or deferred, written by the conductor.</summary>
    public bool StatusIsConductorDecision =>
        StatusOrigin == StatusOrigins.Conductor && Status is TaskStatuses.Cancelled or TaskStatuses.Deferred;

    public bool IsPending(string field) => PendingFields?.Contains(field) == true;

    public static TrackedTask From(WorkOrderTask row, IReadOnlySet<string>? pendingFields = null) => new(
        row.Id, new WorkOrderKey(row.ParentPhase, row.TaskNumber), row.Status, row.DartTaskId, row.DartTaskUrl,
        row.DartStatus, row.DartUpdatedAt, row.StartedAt, row.CompletedAt, row.DeliverableUrls, row.StatusOrigin, pendingFields)
    {
        DartAssignees = row.DartAssignees,
    };
}
