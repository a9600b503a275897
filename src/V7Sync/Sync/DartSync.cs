using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Hosting;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// One sync cycle. Incremental: every task updated after (watermark − overlap), sorted by updated_at, page by page
/// until `next` is null. Full: every task, then the trash, then every linked task neither walk saw. Each page is
/// applied in its own transaction; the watermark is written only once the whole walk is committed, so a cycle
/// that fails midway leaves it where it was and the next cycle reads the same tasks again. Offset paging over a
/// set that changes mid-walk can skip a task (one updated on an earlier page moves to the end, and every later
/// one shifts down an offset); a walk that saw fewer distinct tasks than DART counted leaves the watermark too.
/// An item that does not read, or whose snapshot the database refuses, is set aside (dart_task_unreadable): it counts
/// as seen, so it neither holds the watermark nor fails its page. No updatedAt later than now + Dart:MaxClockSkew
/// moves the watermark: DART would list nothing after it again.
/// </summary>
internal sealed class DartSync(
    IDartApi dart,
    TaskReconciler reconciler,
    TrackingDbContext db,
    DbContextOptions<TrackingDbContext> dbOptions,
    PollLock pollLock,
    IOptions<DartOptions> options,
    TimeProvider time,
    DartHealth health,
    ILogger<DartSync> logger) : IDartSync
{
    /// <summary>A cycle that changes nothing still records that it succeeded, but no more often than this.</summary>
    private static readonly TimeSpan SuccessHeartbeat = TimeSpan.FromMinutes(5);

    private readonly DartOptions _options = options.Value;
    private readonly SyncRules _rules = SyncRules.From(options.Value);

    public async Task<SyncReport> RunAsync(SyncMode mode, string source, CancellationToken cancellationToken)
    {
        using var activity = V7SyncTelemetry.ActivitySource.StartActivity($"sync.{mode.ToString().ToLowerInvariant()}");
        await using var held = await pollLock.TryAcquireAsync(cancellationToken);
        if (held is null)
        {
            logger.PollLockBusy();
            return new SyncReport(mode, 0, 0, 0, ReconcileSummary.Empty, null, 0);
        }

        var state = await db.SyncStates.FindAsync([SyncState.PollStream], cancellationToken)
            ?? db.SyncStates.Add(new SyncState { Stream = SyncState.PollStream }).Entity;
        var startedAt = time.GetUtcNow();
        try
        {
            var walk = new Walk(_rules, startedAt);
            var since = mode == SyncMode.Incremental && state.Watermark is { } watermark ? watermark - _options.PollOverlap : (DateTimeOffset?)null;
            await WalkAsync(walk, since, inTrash: false, source, cancellationToken);
            var deleted = mode == SyncMode.Full ? await SweepDeletedAsync(walk, source, cancellationToken) : 0;
            if (mode == SyncMode.Full && walk.Missed == 0)
            {
                walk.Reconciled = walk.Reconciled.Add(await reconciler.ResolveUnreadableNotMetAsync(
                    [.. walk.Seen, .. walk.Met], [.. walk.MetFingerprints], startedAt, source, cancellationToken));
            }

            if (walk.Missed > 0)
            {
                logger.WalkIncomplete(walk.Seen.Count, walk.Seen.Count + walk.Missed, TaskDecider.Format(state.Watermark));
            }

            var report = new SyncReport(mode, walk.ListRequests, walk.Seen.Count, walk.Fetched, walk.Reconciled,
                NextWatermark(state, walk), deleted, walk.Timings());
            await RecordSuccessAsync(state, mode, walk, startedAt, cancellationToken);
            ReportDartHealthy();
            logger.SyncCompleted(mode, report.ListRequests, report.TasksSeen, report.TasksFetched, report.Reconciled.TasksChanged,
                report.Reconciled.AuditRows, TaskDecider.Format(report.Watermark));
            return report;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Any failure, DART's or not (a database error, a bug), is recorded: last_error is what operators watch.
            if (DartFailure.IsTokenRejected(ex, out var statusCode))
            {
                health.ReportTokenRejected(statusCode);
            }

            await TryRecordFailureAsync(DartFailure.Describe(ex), cancellationToken);
            throw;
        }
    }

    private async Task WalkAsync(Walk walk, DateTimeOffset? since, bool inTrash, string source, CancellationToken cancellationToken)
    {
        var query = new DartTaskQuery
        {
            UpdatedAtAfter = since is { } s ? DartTaskQuery.Format(s) : null,
            Order = "updated_at",
            Limit = _options.PageSize,
            Offset = 0,
            Dartboard = string.IsNullOrWhiteSpace(_options.Dartboard) ? null : _options.Dartboard,
            InTrash = DartTaskQuery.Format(inTrash),
        };
        // A pipeline of two: while one page is applied (database), the next is listed and fetched (DART).
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

    /// <summary>Lists one page, decides without locks what each task needs, and fetches the full records that will be applied.</summary>
    private async Task<PreparedPage> PreparePageAsync(Walk walk, DartTaskQuery query, bool planned, CancellationToken cancellationToken)
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
        var fresh = tasks.Where(t => walk.SeenVersions.Add($"{t.Id}@{TaskDecider.Format(t.UpdatedAt)}")).ToList();
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

    private async Task ApplyPageAsync(Walk walk, PreparedPage page, string source, CancellationToken cancellationToken)
    {
        var snapshots = page.Plan
            .Where(p => p.HasWork)
            .Select(p => p.NeedsFullRecord
                ? page.Fetched.TryGetValue(p.Task.Id, out var full) && full.Task is { } task ? new TaskReconciler.Snapshot(task, Fetched: true) : null
                : new TaskReconciler.Snapshot(p.Task, Fetched: false))
            .OfType<TaskReconciler.Snapshot>()
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
        var rows = await CandidateRowsQuery.For(readDb.Tasks, tasks, _rules, lockRows: false).ToListAsync(cancellationToken);
        var tracked = rows.Select(TrackedTask.From).ToList();
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
        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, DartTaskRead>(StringComparer.Ordinal);
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

    /// <summary>A task that vanished (404) between the list and the fetch is left to the full resync's sweep.</summary>
    private Task<DartTaskRead?> TryGetTaskAsync(string id, CancellationToken cancellationToken) =>
        dart.FetchTaskAsync(id, logger, cancellationToken);

    /// <summary>
    /// Full resync only: linked rows whose DART task is in the trash, or that neither walk saw and DART no longer
    /// knows, get dart_task_deleted and a finding. The rows themselves are kept.
    /// </summary>
    private async Task<int> SweepDeletedAsync(Walk walk, string source, CancellationToken cancellationToken)
    {
        await WalkAsync(walk, since: null, inTrash: true, source, cancellationToken);
        var linked = await db.Tasks.AsNoTracking()
            .Where(t => t.DartTaskId != null)
            .Select(t => t.DartTaskId!)
            .Distinct()
            .ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var dartTaskId in linked.Where(id => !walk.Seen.Contains(id)))
        {
            string? reason = walk.Trashed.Contains(dartTaskId) ? "in DART's trash" : null;
            if (reason is null)
            {
                // Not listed: maybe outside the configured dartboard, maybe gone. Only DART can say.
                switch (await TryGetTaskAsync(dartTaskId, cancellationToken))
                {
                    case { Task: { } task }:
                        walk.Reconciled = walk.Reconciled.Add(
                            await reconciler.ApplyOrSetAsideAsync([new TaskReconciler.Snapshot(task, Fetched: true)], source, cancellationToken));
                        continue;
                    case { Unreadable: { } unreadable }:
                        walk.Meet(unreadable);
                        walk.Reconciled = walk.Reconciled.Add(await reconciler.SetAsideAsync([unreadable], source, cancellationToken));
                        continue;
                }

                reason = "not found in DART";
            }

            var summary = await reconciler.MarkDeletedAsync(dartTaskId, source, reason, cancellationToken);
            deleted += summary.AuditRows > 0 ? 1 : 0;
        }

        return deleted;
    }

    private static DartTaskQuery NextPage(DartTaskQuery current, Uri next)
    {
        var parameters = QueryHelpers.ParseQuery(next.Query);
        var offset = parameters.TryGetValue("offset", out var o) && int.TryParse(o, out var parsedOffset) ? parsedOffset : (int?)null;
        var limit = parameters.TryGetValue("limit", out var l) && int.TryParse(l, out var parsedLimit) ? parsedLimit : current.Limit;
        if (offset is null || offset <= current.Offset)
        {
            throw new DartProtocolException($"DART's next page link does not move forward (offset {current.Offset} → {offset?.ToString() ?? "none"}).");
        }

        return current with { Offset = offset, Limit = limit };
    }

    private async Task RecordSuccessAsync(SyncState state, SyncMode mode, Walk walk, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var watermark = NextWatermark(state, walk);
        var due = state.LastSuccessAt is not { } last || startedAt - last >= SuccessHeartbeat;
        // A quiet cycle writes nothing: no watermark move, no error to clear, no heartbeat due, not a full sync.
        if (watermark == state.Watermark && state.LastError is null && !due && mode == SyncMode.Incremental)
        {
            return;
        }

        state.Watermark = watermark;
        state.LastRunStartedAt = startedAt;
        state.LastSuccessAt = time.GetUtcNow();
        state.LastError = null;
        state.LastErrorAt = null;
        state.LastTasksSeen = walk.Seen.Count;
        state.UpdatedAt = state.LastSuccessAt.Value;
        if (mode == SyncMode.Full)
        {
            state.LastFullSyncAt = state.LastSuccessAt;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Recording can fail too (the database may be what failed); the cycle's own error is the one to surface.</summary>
    private async Task TryRecordFailureAsync(string reason, CancellationToken cancellationToken)
    {
        try
        {
            await RecordFailureAsync(reason, cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            logger.SyncFailureNotRecorded(reason);
        }
    }

    private async Task RecordFailureAsync(string reason, CancellationToken cancellationToken)
    {
        // Only the failure facts change; the watermark keeps the last fully committed walk.
        db.ChangeTracker.Clear();
        var fresh = await db.SyncStates.FindAsync([SyncState.PollStream], CancellationToken.None)
            ?? db.SyncStates.Add(new SyncState { Stream = SyncState.PollStream, Watermark = null }).Entity;
        fresh.LastError = reason;
        fresh.LastErrorAt = time.GetUtcNow();
        fresh.UpdatedAt = fresh.LastErrorAt.Value;
        await db.SaveChangesAsync(cancellationToken);
    }

    private void ReportDartHealthy()
    {
        if (health.TokenRejected)
        {
            logger.TokenAccepted();
        }

        health.ReportHealthy();
    }

    /// <summary>The newest updatedAt of a complete walk; an incomplete one re-reads from where it started.</summary>
    private static DateTimeOffset? NextWatermark(SyncState state, Walk walk) =>
        walk.Missed > 0 ? state.Watermark : Later(state.Watermark, walk.MaxUpdatedAt);

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>One listed page, planned: what to apply, the full records fetched for it, and what to set aside.</summary>
    private sealed record PreparedPage(
        DartPage<JsonElement> List, List<PlannedTask> Plan, Dictionary<string, DartTaskRead> Fetched, List<UnreadableTask> SetAside);

    /// <param name="ReadsAgain">It reads, and a dart_task_unreadable finding is open on it: the reconciler resolves it.</param>
    private sealed record PlannedTask(DartTask Task, TaskDecision Decision, bool ReadsAgain)
    {
        public bool NeedsFullRecord => Decision.Kind == DecisionKind.NeedsFullRecord;

        /// <summary>Anything to write: a change, a stale event to record, a finding to raise or resolve, or a record to fetch.</summary>
        public bool HasWork => Decision.Kind != DecisionKind.Apply || Decision.NewState is not null || ReadsAgain;
    }

    /// <summary>What one cycle has seen so far; <paramref name="startedAt"/> tells the future stamps that move no watermark.</summary>
    private sealed class Walk(SyncRules rules, DateTimeOffset startedAt)
    {
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        /// <summary>Subjects set aside in this walk (ids, and page@ positions for items without one).</summary>
        public HashSet<string> Met { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// The fingerprints of the items without an id set aside in this walk (their positions shift): they have no id
        /// to count in <see cref="Seen"/>, but DART counted them all the same.
        /// </summary>
        public HashSet<string> MetFingerprints { get; } = new(StringComparer.Ordinal);

        public HashSet<string> SeenVersions { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Trashed { get; } = new(StringComparer.Ordinal);

        public int ListRequests { get; set; }

        public int Fetched { get; set; }

        /// <summary>How many tasks DART counted that the walk never saw (skipped by shifting offsets).</summary>
        public int Missed { get; set; }

        public DateTimeOffset? MaxUpdatedAt { get; private set; }

        public ReconcileSummary Reconciled { get; set; } = ReconcileSummary.Empty;

        public TimeSpan ListTime { get; set; }

        public TimeSpan PlanTime { get; set; }

        public TimeSpan FetchTime { get; set; }

        public TimeSpan ApplyTime { get; set; }

        public SyncTimings Timings() => new(ListTime, PlanTime, FetchTime, ApplyTime);

        /// <summary>Records an item set aside; false when this walk met it already (offset paging repeats items).</summary>
        public bool Meet(UnreadableTask item)
        {
            var subjectIsNew = Met.Add(item.Subject);
            return item.Fingerprint is { } print ? MetFingerprints.Add(print) : subjectIsNew;
        }

        public void Observe(IEnumerable<DartTask> tasks, IEnumerable<UnreadableTask> unreadable)
        {
            foreach (var task in tasks)
            {
                Seen.Add(task.Id);
                Advance(task.UpdatedAt);
            }

            foreach (var item in unreadable)
            {
                if (item.DartTaskId is { } id)
                {
                    Seen.Add(id);
                }

                Advance(item.UpdatedAt);
            }
        }

        private void Advance(DateTimeOffset? updatedAt)
        {
            if (!rules.IsFuture(updatedAt, startedAt))
            {
                MaxUpdatedAt = Later(MaxUpdatedAt, TaskDecider.Microseconds(updatedAt));
            }
        }
    }
}
