using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// Walks DART's task list (or its trash) page by page, sorted by updated_at, until `next` is null, and applies each
/// page in its own transaction through the reconciler. A pipeline of two: while one page is applied (database), the
/// next is listed, planned against an unlocked read, and the full records it needs fetched (DART). An item that does
/// not read, or whose snapshot the database refuses, is set aside (dart_task_unreadable) and counts as seen.
/// </summary>
internal sealed class DartPageWalker(
    IDartApi dart,
    TaskReconciler reconciler,
    DbContextOptions<TrackingDbContext> dbOptions,
    IOptions<DartOptions> options,
    TimeProvider time,
    ILogger<DartPageWalker> logger)
{
    private readonly DartOptions _options = options.Value;
    private readonly SyncRules _rules = SyncRules.From(options.Value);

    public async Task WalkAsync(SyncWalk walk, DateTimeOffset? since, bool inTrash, string source, CancellationToken cancellationToken)
    {
        var query = new DartTaskQuery
        {
            UpdatedAtAfter = since is { } s ? DartTimestamp.Format(s) : null,
            Order = "updated_at",
            Limit = _options.PageSize,
            Offset = 0,
            Dartboard = string.IsNullOrWhiteSpace(_options.Dartboard) ? null : _options.Dartboard,
            InTrash = DartTaskQuery.Format(inTrash),
        };
        var next = PreparePageAsync(walk, query, planned: !inTrash, cancellationToken);
        while (next is not null)
        {
            var page = await next;
            next = null;
            if (page.List.Next is not null)
            {
                query = NextPage(query, page.List.Next);
                next = PreparePageAsync(walk, query, planned: !inTrash, cancellationToken);
            }

            if (!inTrash && page.List.Next is null)
            {
                // DART's count is of the whole filtered set as of this last page; a skipped task is still in it.
                walk.Missed = Math.Max(0, page.List.Count - walk.Seen.Count - walk.MetFingerprints.Count);
            }

            try
            {
                if (inTrash)
                {
                    // Only the ids matter here: a trashed item that does not read otherwise is still a trashed task.
                    walk.Trashed.UnionWith(page.List.Results.Select(DartTaskReader.ReadId).OfType<string>());
                }
                else
                {
                    await ApplyPageAsync(walk, page, source, cancellationToken);
                    walk.Progress?.Report(new SyncProgress(walk.ListRequests, walk.Seen.Count, page.List.Count));
                }
            }
            catch when (next is not null)
            {
                // The page being prepared is abandoned with this cycle; observe it so its fault is not unobserved.
                await next.ContinueWith(_ => { }, TaskScheduler.Default);
                throw;
            }
        }
    }

    /// <summary>A task that vanished (404) between the list and the fetch is left to the full resync's sweep.</summary>
    public Task<DartTaskRead?> TryGetTaskAsync(string id, CancellationToken cancellationToken) =>
        dart.FetchTaskAsync(id, logger, cancellationToken);

    /// <summary>Lists one page, decides without locks what each task needs, and fetches the full records that will be applied.</summary>
    private async Task<PreparedPage> PreparePageAsync(SyncWalk walk, DartTaskQuery query, bool planned, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var list = await dart.ListTasksAsync(query, cancellationToken);
        walk.ListTime += Stopwatch.GetElapsedTime(started);
        walk.ListRequests++;
        if (!planned)
        {
            return new PreparedPage(list, [], [], []);
        }

        var reads = DartTaskReader.ReadPage(list, query.Offset ?? 0);
        var tasks = reads.Select(r => r.Task).OfType<DartTask>().ToList();
        var unreadable = reads.Select(r => r.Unreadable).OfType<UnreadableTask>().ToList();
        walk.Observe(tasks, unreadable);
        // Offset paging over a set that changes can repeat a task; the same version twice is harmless but wasteful.
        var fresh = tasks.Where(t => walk.SeenVersions.Add($"{t.Id}@{DartTimestamp.Format(t.UpdatedAt)}")).ToList();
        var setAside = unreadable.Where(walk.Meet).ToList();
        if (fresh.Count == 0)
        {
            return new PreparedPage(list, [], [], setAside);
        }

        started = Stopwatch.GetTimestamp();
        var plan = await PlanAsync(fresh, cancellationToken);
        walk.PlanTime += Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        var fetched = await FetchAllAsync(plan.Where(p => p.NeedsFullRecord).Select(p => p.Task.Id).ToList(), cancellationToken);
        walk.FetchTime += Stopwatch.GetElapsedTime(started);
        walk.Fetched += fetched.Count;
        setAside.AddRange(fetched.Values.Select(r => r.Unreadable).OfType<UnreadableTask>().Where(walk.Meet));
        return new PreparedPage(list, plan, fetched, setAside);
    }

    private async Task ApplyPageAsync(SyncWalk walk, PreparedPage page, string source, CancellationToken cancellationToken)
    {
        var snapshots = page.Plan
            .Where(p => p.HasWork)
            .Select(p => p.NeedsFullRecord
                ? page.Fetched.TryGetValue(p.Task.Id, out var full) && full.Task is { } task ? new TaskSnapshot(task, Fetched: true) : null
                : new TaskSnapshot(p.Task, Fetched: false))
            .OfType<TaskSnapshot>()
            .ToList();
        var started = Stopwatch.GetTimestamp();
        walk.Reconciled = walk.Reconciled
            .Add(await reconciler.SetAsideAsync(page.SetAside, source, cancellationToken))
            .Add(await reconciler.ApplyOrSetAsideAsync(snapshots, source, cancellationToken));
        walk.ApplyTime += Stopwatch.GetElapsedTime(started);
    }

    /// <summary>What each list item needs, decided against an unlocked read: most items in a quiet cycle need nothing.</summary>
    private async Task<List<PlannedTask>> PlanAsync(List<DartTask> tasks, CancellationToken cancellationToken)
    {
        var ids = tasks.Select(t => t.Id).ToArray();
        // Its own context: planning runs while the reconciler's context applies the previous page.
        await using var readDb = new TrackingDbContext(dbOptions);
        var rows = await CandidateRows.Query(readDb.Tasks, tasks, _rules, lockRows: false).ToListAsync(cancellationToken);
        var tracked = rows.Select(r => TrackedTask.From(r)).ToList();
        var open = (await readDb.Findings.AsNoTracking()
                .Where(f => f.Status == "open" && ids.Contains(f.Subject))
                .Select(f => new { f.Rule, f.Subject })
                .ToListAsync(cancellationToken))
            .Select(f => (f.Rule, f.Subject))
            .ToHashSet();
        var now = time.GetUtcNow();
        return tasks.Select(task =>
        {
            var key = _rules.FindKey(task.Title);
            var candidates = tracked.Where(r => r.DartTaskId == task.Id || r.Key == key);
            var match = TaskDecider.Match(task, candidates, _rules, (rule, subject) => open.Contains((rule, subject)));
            var decision = TaskDecider.Decide(match, task, _rules, fetched: false, now);
            return new PlannedTask(task, decision, ReadsAgain: open.Contains((FindingRules.DartTaskUnreadable, task.Id)));
        }).ToList();
    }

    private async Task<Dictionary<string, DartTaskRead>> FetchAllAsync(List<string> ids, CancellationToken cancellationToken)
    {
        var results = new ConcurrentDictionary<string, DartTaskRead>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = _options.FetchConcurrency, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                if (await TryGetTaskAsync(id, ct) is { } read)
                {
                    results[id] = read;
                }
            });
        return new Dictionary<string, DartTaskRead>(results, StringComparer.Ordinal);
    }

    private static DartTaskQuery NextPage(DartTaskQuery current, Uri next)
    {
        var (offset, limit) = DartPaging.Next(next, current.Offset, current.Limit);
        return current with { Offset = offset, Limit = limit };
    }

    /// <summary>One listed page, planned: what to apply, the full records fetched for it, and what to set aside.</summary>
    private sealed record PreparedPage(
        DartPage<JsonElement> List, List<PlannedTask> Plan, Dictionary<string, DartTaskRead> Fetched, List<UnreadableTask> SetAside);

    /// <param name="ReadsAgain">It reads, and a dart_task_unreadable finding is open on it: the reconciler resolves it.</param>
    private sealed record PlannedTask(DartTask Task, TaskDecision Decision, bool ReadsAgain)
    {
        public bool NeedsFullRecord => Decision.Kind == DecisionKind.NeedsFullRecord;

        /// <summary>
        /// Anything to write: a change, a finding to raise or resolve, or a record to fetch. A list item older than the
        /// applied version writes nothing (superseded, not audited), so it is not handed on.
        /// </summary>
        public bool HasWork => Decision.Kind switch
        {
            DecisionKind.Apply => Decision.NewState is not null || ReadsAgain,
            DecisionKind.Stale => ReadsAgain,
            _ => true,
        };
    }
}
