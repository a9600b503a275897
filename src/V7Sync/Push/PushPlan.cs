using V7Sync.Dart;

namespace V7Sync.Push;

/// <summary>What pushing one outbox row (and the later rows of its task it covers) means.</summary>
internal enum PushAction
{
    /// <summary>Create the work order's DART task, unless DART has one carrying the key already (then link that one).</summary>
    Create,

    /// <summary>Send the changed fields to the DART task (PUT, only those fields), and comments.</summary>
    Update,

    /// <summary>Nothing to send (<see cref="PushPlan.Reason"/> says why); the row is done.</summary>
    Skip,
}

/// <summary>A field sent to DART, audited <see cref="Action"/> with the tracking field's old and new value.</summary>
internal sealed record PushedField(string Action, string Field, string? OldValue, string? NewValue, object? Detail);

/// <summary>
/// The planner's answer for one push. <see cref="Write"/> is the create body, or the update body (only the changed
/// fields; null when only comments go out); <see cref="Covered"/> are later outbox rows of the same work order whose
/// fields this push sends too (their current values), done with it.
/// </summary>
internal sealed record PushPlan(PushAction Action, string? Reason, DartTaskWrite? Write, IReadOnlyList<string> Comments,
    IReadOnlyList<PushedField> Fields, IReadOnlyList<long> Covered)
{
    /// <summary>The work order's persona when Dart:PersonaAssignees maps it (an open persona_unmapped on it resolves).</summary>
    public string? MappedPersona { get; init; }

    /// <summary>The work order's persona when nothing maps it: no assignee is sent, and persona_unmapped opens.</summary>
    public string? UnmappedPersona { get; init; }

    /// <summary>A status the conductor wrote goes out with this push (an open status_conflict on the task resolves).</summary>
    public bool PushesStatus { get; init; }

    public IReadOnlyList<string> FieldNames => [.. Fields.Select(f => f.Field).Distinct()];

    public static PushPlan Skip(string reason) => new(PushAction.Skip, reason, null, [], [], []);
}
