namespace V7Sync.Sync;

/// <summary>
/// When this process last completed a sync cycle. dart_sync_state.last_success_at is written by a quiet cycle only
/// every few minutes (so quiet cycles write nothing); the metric of the poll's age takes the later of the two, so the
/// replica that polls reports to the second and the others still report the database's word.
/// </summary>
internal sealed class PollHeartbeat
{
    private long _lastSuccessTicks;

    public DateTimeOffset? LastSuccess => Interlocked.Read(ref _lastSuccessTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void Beat(DateTimeOffset at) => Interlocked.Exchange(ref _lastSuccessTicks, at.UtcTicks);
}
