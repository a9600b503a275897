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
/// <see cref="ReceivedAt"/> (when the endpoint stored it) measures the apply lag.
/// </summary>
internal sealed record ClaimedEvent(
    long Id, string? EventType, string? DartTaskId, DateTimeOffset? DartUpdatedAt, byte[] RawBody, int Attempts, DateTimeOffset? ReceivedAt = null);

/// <summary>
/// What one claim took: the rows to apply, and those it moved to dead instead because their lease ran out with
/// their attempts used up (<see cref="Abandoned"/>, ids only). Both took a place in the claim's limit.
/// <see cref="Token"/> is on every row it holds: the lease is renewed, or a lost reply recovered, by it.
/// </summary>
internal sealed record InboxClaim(IReadOnlyList<ClaimedEvent> Rows, IReadOnlyList<long> Abandoned, Guid Token = default)
{
    public int Count => Rows.Count + Abandoned.Count;
}

/// <summary>
/// How one claimed row ended: processed, ignored (<see cref="Note"/> says why), superseded (an older or repeated
/// snapshot: <see cref="SupersededBy"/> the applied version), to be retried (status pending, <see cref="Note"/> the
/// error; dead once the attempts are used up) or dead at once for an error no retry can fix.
/// </summary>
internal sealed record EventOutcome(ClaimedEvent Event, string Status, string? Note = null)
{
    public bool Failed => Status is InboxStatus.Pending or InboxStatus.Dead;

    /// <summary>A retry because the database was away: the outage is logged once as an episode, not once per row.</summary>
    public bool Outage { get; init; }

    public DateTimeOffset? SupersededBy { get; init; }

    public static EventOutcome Processed(ClaimedEvent row) => new(row, InboxStatus.Processed);

    public static EventOutcome Ignored(ClaimedEvent row, string reason) => new(row, InboxStatus.Ignored, reason);

    public static EventOutcome Superseded(ClaimedEvent row, DateTimeOffset? appliedVersion) => new(row, InboxStatus.Superseded,
        $"Changed nothing: version {Dart.DartTimestamp.Format(appliedVersion) ?? "(none)"} was applied already.")
    {
        SupersededBy = appliedVersion,
    };

    public static EventOutcome Retry(ClaimedEvent row, Exception error) =>
        new(row, InboxStatus.Pending, Describe(error)) { Outage = TransientFailure.Is(error) };

    public static EventOutcome Dead(ClaimedEvent row, Exception error) => new(row, InboxStatus.Dead, Describe(error));

    public static EventOutcome Dead(ClaimedEvent row, string reason) => new(row, InboxStatus.Dead, reason);

    private static string Describe(Exception error) => $"{error.GetType().Name}: {error.Message}";
}
