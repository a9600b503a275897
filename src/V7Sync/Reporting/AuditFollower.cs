using Npgsql;
using V7Sync.Hosting;

namespace V7Sync.Reporting;

/// <summary>
/// Reads new audit rows as they land, each printed once. The demo follows the log with it; `audit --follow` too.
/// </summary>
/// <remarks>
/// Ids come from a sequence when a row is inserted, not when it commits: with several writers (poller, webhook
/// processor, jobs, replicas) id 41 may commit after id 42 was read. So an id skipped over is remembered as a gap
/// and asked for again on every tick until it shows up, or until <see cref="GapPatience"/> passes (a rolled-back
/// insert leaves a gap that never fills). At most <see cref="MaxGaps"/> are kept, the newest.
/// </remarks>
internal sealed class AuditFollower(NpgsqlDataSource dataSource, TimeProvider clock, ILogger logger)
{
    // A database away for minutes is one line when it goes and one when it is back, not one per tick.
    private readonly FaultEpisode _outage = new(logger, clock, "Audit follower",
        "the tracking database is unavailable, new rows show once it is back", "the tracking database answers again", "read(s) retried");

    public static readonly TimeSpan GapPatience = TimeSpan.FromMinutes(5);
    public const int MaxGaps = 10_000;
    private const int Page = 500;

    /// <summary>The newest audit id now; follow from here to see only what happens next.</summary>
    public async Task<long> LatestIdAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT COALESCE(MAX(id), 0) FROM v7_sync_audit");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Rows after <paramref name="afterId"/> and rows whose id is one of <paramref name="gaps"/>, by id.</summary>
    public async Task<IReadOnlyList<AuditLine>> ReadAfterAsync(long afterId, long[] gaps, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {AuditLine.Columns} FROM v7_sync_audit_log WHERE id > $1 OR id = ANY($2) ORDER BY id LIMIT $3");
        command.Parameters.AddWithValue(afterId);
        command.Parameters.AddWithValue(gaps);
        command.Parameters.AddWithValue(limit);
        return await AuditLine.ReadAllAsync(command, cancellationToken);
    }

    /// <summary>Hands every row committed after <paramref name="afterId"/> to <paramref name="onLine"/>, once, until cancelled.</summary>
    /// <param name="skippedBelow">Ids at or below <paramref name="afterId"/> that a first read did not return: they
    /// may still commit (or were filtered out, which the caller's filter says again), so they start as gaps.</param>
    public async Task FollowAsync(
        long afterId, Action<AuditLine> onLine, TimeSpan interval, CancellationToken cancellationToken, IEnumerable<long>? skippedBelow = null)
    {
        using var timer = new PeriodicTimer(interval, clock);
        var gaps = new SortedDictionary<long, DateTimeOffset>();
        foreach (var id in (skippedBelow ?? []).Where(id => id <= afterId).TakeLast(MaxGaps))
        {
            gaps[id] = clock.GetUtcNow();
        }

        try
        {
            do
            {
                try
                {
                    IReadOnlyList<AuditLine> lines;
                    do
                    {
                        lines = await ReadAfterAsync(afterId, [.. gaps.Keys], Page, cancellationToken);
                        foreach (var line in lines)
                        {
                            if (line.Id > afterId)
                            {
                                RememberGaps(gaps, afterId, line.Id, clock.GetUtcNow());
                                afterId = line.Id;
                            }
                            else if (!gaps.Remove(line.Id))
                            {
                                continue;
                            }

                            onLine(line);
                        }
                    }
                    while (lines.Count == Page);

                    ForgetOldGaps(gaps, clock.GetUtcNow() - GapPatience);
                    _outage.Recovered();
                }
                catch (NpgsqlException ex)
                {
                    // A database hiccup must not end the follow; the next tick tries again from the same id.
                    _outage.Fault(ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The ids inside a first page's range that it did not show (filtered out, or not yet committed): the gaps to
    /// start following with, newest <see cref="MaxGaps"/> at most.
    /// </summary>
    public static IEnumerable<long> SkippedIn(IReadOnlyList<AuditLine> firstPage)
    {
        if (firstPage.Count == 0)
        {
            return [];
        }

        var shown = firstPage.Select(l => l.Id).ToHashSet();
        var (low, high) = (shown.Min(), shown.Max());
        return Enumerable.Range(0, (int)Math.Min(high - low, MaxGaps)).Select(i => high - 1 - i).Where(id => !shown.Contains(id)).Reverse();
    }

    /// <summary>The ids strictly between <paramref name="last"/> and <paramref name="next"/> may still commit.</summary>
    private static void RememberGaps(SortedDictionary<long, DateTimeOffset> gaps, long last, long next, DateTimeOffset now)
    {
        for (var id = Math.Max(last + 1, next - MaxGaps); id < next; id++)
        {
            gaps[id] = now;
        }

        while (gaps.Count > MaxGaps)
        {
            gaps.Remove(gaps.Keys.First());
        }
    }

    private static void ForgetOldGaps(SortedDictionary<long, DateTimeOffset> gaps, DateTimeOffset before)
    {
        foreach (var id in gaps.Where(g => g.Value < before).Select(g => g.Key).ToList())
        {
            gaps.Remove(id);
        }
    }
}

