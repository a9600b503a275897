namespace V7Sync.Sync;

/// <summary>
/// The decider's whole answer. <see cref="Changes"/> are the audited field changes; the sync metadata
/// (dart_status, dart_updated_at) moves with them but is not audited on its own.
/// </summary>
public sealed record TaskDecision(DecisionKind Kind, IReadOnlyList<FieldChange> Changes, TaskState? NewState, string? Reason = null)
{
    /// <summary>Applied although its updatedAt is later than now + Dart:MaxClockSkew: DART's own record says so (dart_clock_skew).</summary>
    public bool FutureVersion { get; init; }

    /// <summary>DART moved a status the conductor decided; the row kept it (status_conflict opens, if it is not open).</summary>
    public StatusConflict? Conflict { get; init; }

    /// <summary>DART's status maps to the row's status as decided: an open status_conflict resolves.</summary>
    public bool StatusAgrees { get; init; }

    public static TaskDecision Of(DecisionKind kind, string? reason = null) => new(kind, [], null, reason);
}
