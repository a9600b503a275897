namespace V7Sync.Push;

/// <summary>
/// One dart_outbox row: what the conductor wrote (<see cref="Fields"/>, with the old and new values captured in
/// <see cref="Changes"/>, JSON). <see cref="Attempts"/>, counted when it was claimed, also identifies the claim: a
/// processor whose lease ran out (and the row was claimed again) cannot record an outcome over the newer claim's.
/// </summary>
internal sealed record OutboxRow(long Id, int TaskId, string Kind, IReadOnlyList<string> Fields, string Changes, int Attempts);

/// <summary>What one claim took: rows to push (at most one per work order, its earliest open one), and rows it moved to dead.</summary>
internal sealed record OutboxClaim(IReadOnlyList<OutboxRow> Rows, IReadOnlyList<OutboxRow> Abandoned);
