namespace V7Sync.Sync;

/// <summary>What the decider concluded for one snapshot.</summary>
public enum DecisionKind
{
    /// <summary>Apply <see cref="TaskDecision.Changes"/> (possibly none: the snapshot is already reflected).</summary>
    Apply,

    /// <summary>Older than what is stored: nothing changes, one event_stale_ignored audit row.</summary>
    Stale,

    /// <summary>A list item (or a same-updatedAt tie with a different state) that needs DART's full record first.</summary>
    NeedsFullRecord,

    /// <summary>No work order matches: audited once as dart_task_unlinked and kept as a finding.</summary>
    Unlinked,

    /// <summary>The title's key points at a row linked to another DART task: a finding, never a relink.</summary>
    KeyConflict,
}

/// <summary>One tracked field the decider sets, with the audit action that records it.</summary>
public sealed record FieldChange(string Action, string Field, string? OldValue, string? NewValue);

/// <summary>
/// The decider's whole answer. <see cref="Changes"/> are the audited field changes; the sync metadata
/// (dart_status, dart_updated_at) moves with them but is not audited on its own.
/// </summary>
public sealed record TaskDecision(DecisionKind Kind, IReadOnlyList<FieldChange> Changes, TaskState? NewState, string? Reason = null)
{
    /// <summary>Applied although its updatedAt is later than now + Dart:MaxClockSkew: DART's own record says so (dart_clock_skew).</summary>
    public bool FutureVersion { get; init; }

    public static TaskDecision Of(DecisionKind kind, string? reason = null) => new(kind, [], null, reason);
}

/// <summary>The row's synced columns after a decision.</summary>
public sealed record TaskState(
    string Status,
    string DartTaskId,
    string? DartTaskUrl,
    string DartStatus,
    DateTimeOffset? DartUpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<string> DeliverableUrls);

internal static class TaskStateExtensions
{
    public static void ApplyTo(this TaskState state, V7Sync.Tracking.WorkOrderTask row)
    {
        row.Status = state.Status;
        row.DartTaskId = state.DartTaskId;
        row.DartTaskUrl = state.DartTaskUrl;
        row.DartStatus = state.DartStatus;
        row.DartUpdatedAt = state.DartUpdatedAt;
        row.StartedAt = state.StartedAt;
        row.CompletedAt = state.CompletedAt;
        row.DeliverableUrls = [.. state.DeliverableUrls];
    }
}
