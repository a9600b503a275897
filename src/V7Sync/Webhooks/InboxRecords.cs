namespace V7Sync.Webhooks;

/// <summary>A delivery to store: authentic, and either routed (pending/ignored) or rejected as malformed.</summary>
internal sealed record InboxEntry(
    string? EventType,
    string? DartTaskId,
    DateTimeOffset? DartUpdatedAt,
    string? DedupeKey,
    byte[] RawBody,
    string Status,
    string? Note = null);

/// <summary>
/// A row a processor claimed. <see cref="Attempts"/> (counted at claim time) also identifies the claim: a
/// processor that finishes after its lease ran out and the row was claimed again cannot overwrite the newer claim.
/// </summary>
internal sealed record ClaimedEvent(long Id, string? EventType, string? DartTaskId, DateTimeOffset? DartUpdatedAt, byte[] RawBody, int Attempts);

/// <summary>
/// What one claim took: the rows to apply, and those it moved to dead instead because their lease ran out with
/// their attempts used up (<see cref="Abandoned"/>, ids only). Both took a place in the claim's limit.
/// </summary>
internal sealed record InboxClaim(IReadOnlyList<ClaimedEvent> Rows, IReadOnlyList<long> Abandoned)
{
    public int Count => Rows.Count + Abandoned.Count;
}

/// <summary>
/// How one claimed row ended: processed, ignored (<see cref="Note"/> says why), to be retried (status pending,
/// <see cref="Note"/> the error; dead once the attempts are used up) or dead at once for an error no retry can fix.
/// </summary>
internal sealed record EventOutcome(ClaimedEvent Event, string Status, string? Note = null)
{
    public bool Failed => Status is InboxStatus.Pending or InboxStatus.Dead;

    public static EventOutcome Processed(ClaimedEvent row) => new(row, InboxStatus.Processed);

    public static EventOutcome Ignored(ClaimedEvent row, string reason) => new(row, InboxStatus.Ignored, reason);

    public static EventOutcome Retry(ClaimedEvent row, Exception error) => new(row, InboxStatus.Pending, Describe(error));

    public static EventOutcome Dead(ClaimedEvent row, Exception error) => new(row, InboxStatus.Dead, Describe(error));

    public static EventOutcome Dead(ClaimedEvent row, string reason) => new(row, InboxStatus.Dead, reason);

    private static string Describe(Exception error) => $"{error.GetType().Name}: {error.Message}";
}
