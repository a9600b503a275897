namespace V7Sync.Hosting;

/// <summary>
/// An expected fault (the database away, DART unreachable or failing, the breaker open) told as an episode: one
/// line when it starts, one when it ends with how much was refused or retried meanwhile and for how long, and
/// nothing in between, so an outage costs two lines whatever the load. No stack trace: the fault is known; an
/// unexpected exception is not an episode and keeps its stack trace where it is logged. Thread-safe: every
/// request, worker and retry of one component reports into its one episode.
/// </summary>
/// <param name="component">Who meets the fault: "Webhook endpoint", "Inbox processor", "DART client", "Poller".</param>
/// <param name="failing">The start line's words: "the tracking database is unavailable".</param>
/// <param name="recovered">The end line's words: "the tracking database answers again".</param>
/// <param name="counted">What the count counts: "deliveries answered 503".</param>
internal sealed class FaultEpisode(ILogger logger, TimeProvider time, string component, string failing, string recovered, string counted)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private long _count;

    /// <summary>True while the fault lasts (between the start line and the end line).</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _since is not null;
            }
        }
    }

    /// <summary>The fault met once more: the first time it starts the episode (one line), afterwards it is counted.</summary>
    /// <param name="reason">Why, in one line (never a stack trace); only the first one of an episode is logged.</param>
    public void Fault(string reason)
    {
        lock (_gate)
        {
            _count++;
            if (_since is not null)
            {
                return;
            }

            _since = time.GetUtcNow();
        }

        logger.EpisodeStarted(component, failing, FirstLine(reason));
    }

    /// <summary>It worked: ends an open episode with one line (how long, how many); does nothing otherwise.</summary>
    public void Recovered()
    {
        DateTimeOffset since;
        long count;
        lock (_gate)
        {
            if (_since is not { } started)
            {
                return;
            }

            (since, count) = (started, _count);
            (_since, _count) = (null, 0);
        }

        logger.EpisodeEnded(component, recovered, time.GetUtcNow() - since, count, counted);
    }

    private static string FirstLine(string reason) => reason.Split('\n', 2)[0].Trim();
}
