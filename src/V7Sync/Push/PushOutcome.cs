using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>
/// What the DART side of one push came to, before it is recorded: <see cref="Action"/> is one of
/// <see cref="PushResult"/>'s (created, linked, updated, skipped; or failed, with <see cref="Failure"/>).
/// <see cref="Answer"/> is DART's task: the one created or updated, or the one found carrying the key.
/// </summary>
internal sealed record PushOutcome(OutboxRow Row, WorkOrderTask? Task, PushPlan Plan, string Action)
{
    public const string Failed = "failed";

    public DartTask? Answer { get; init; }

    public PushFailure? Failure { get; init; }

    /// <summary>The later rows of the work order done with this one: only when this push sent their fields.</summary>
    public IReadOnlyList<long> Covered => Action is PushResult.Created or PushResult.Updated ? Plan.Covered : [];

    /// <summary>What dart_outbox.outcome says.</summary>
    public string Description => Action switch
    {
        PushResult.Created => $"created DART task {Answer!.Id}",
        PushResult.Linked => $"linked DART task {Answer!.Id}, which carries the key",
        PushResult.Updated => $"sent {string.Join(", ", Plan.FieldNames)}",
        _ => $"skipped: {Plan.Reason}",
    };
}

/// <summary>A push DART (or the way to it) failed: <see cref="Permanent"/> for a refusal no retry heals.</summary>
internal sealed record PushFailure(bool Permanent, string Error, string? DartResponse);
