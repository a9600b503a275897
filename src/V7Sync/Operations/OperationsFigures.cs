namespace V7Sync.Operations;

/// <summary>
/// What the operator's gauges show, read at once (<see cref="OperationsSnapshot"/>). <see cref="Reachable"/> false:
/// the tracking database did not answer, and only <see cref="Ready"/> (false) means anything.
/// </summary>
internal sealed record OperationsFigures(
    bool Reachable,
    bool Ready,
    long InboxPending,
    long InboxDead,
    long OutboxPending,
    long OutboxDead,
    DateTimeOffset? LastPollSuccess,
    DateTimeOffset? Watermark,
    IReadOnlyDictionary<string, long> OpenFindings,
    DateTimeOffset ReadAt)
{
    public static OperationsFigures Unreachable(DateTimeOffset now) => new(false, false, 0, 0, 0, 0, null, null, new Dictionary<string, long>(), now);
}
