using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Deliverables;
using V7Sync.Hosting;

namespace V7Sync.Sync;

/// <summary>
/// One sync cycle. Incremental: every task updated after (watermark − overlap). Full: every task, then the trash,
/// then every linked task neither walk saw (<see cref="DeletedTaskSweep"/>). Each page is applied in its own
/// transaction (<see cref="DartPageWalker"/>); the watermark is written only once the whole walk is committed
/// (<see cref="SyncStateStore"/>), so a cycle that fails midway leaves it where it was and the next cycle reads the
/// same tasks again. Offset paging over a set that changes mid-walk can skip a task (one updated on an earlier page
/// moves to the end, and every later one shifts down an offset); a walk that saw fewer distinct tasks than DART
/// counted leaves the watermark too. No updatedAt later than now + Dart:MaxClockSkew moves the watermark: DART
/// would list nothing after it again. Then the deliverables outside task snapshots (<see cref="DeliverableSync"/>):
/// the report folders, and on a full resync the comments.
/// </summary>
internal sealed class DartSync(
    DartPageWalker walker,
    DeletedTaskSweep sweep,
    DeliverableSync deliverables,
    SyncStateStore store,
    TaskReconciler reconciler,
    PollLock pollLock,
    IOptions<DartOptions> options,
    TimeProvider time,
    DartHealth health,
    PollHeartbeat heartbeat,
    ILogger<DartSync> logger) : IDartSync
{
    private readonly DartOptions _options = options.Value;
    private readonly SyncRules _rules = SyncRules.From(options.Value);

    public Task<SyncReport> RunAsync(SyncMode mode, string source, CancellationToken cancellationToken) =>
        RunAsync(mode, source, progress: null, cancellationToken);

    public async Task<SyncReport> RunAsync(SyncMode mode, string source, IProgress<SyncProgress>? progress, CancellationToken cancellationToken)
    {
        using var activity = V7SyncTelemetry.ActivitySource.StartActivity($"sync.{mode.ToString().ToLowerInvariant()}");
        await using var held = await pollLock.TryAcquireAsync(cancellationToken);
        if (held is null)
        {
            logger.PollLockBusy();
            return new SyncReport(mode, 0, 0, 0, ReconcileSummary.Empty, null, 0);
        }

        var state = await store.LoadAsync(cancellationToken);
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        try
        {
            var walk = new SyncWalk(_rules, startedAt) { Progress = progress };
            var since = mode == SyncMode.Incremental && state.Watermark is { } watermark ? watermark - _options.PollOverlap : (DateTimeOffset?)null;
            await walker.WalkAsync(walk, since, inTrash: false, source, cancellationToken);
            var deleted = mode == SyncMode.Full ? await sweep.SweepAsync(walk, source, cancellationToken) : 0;
            if (mode == SyncMode.Full && walk.Missed == 0)
            {
                walk.Reconciled = walk.Reconciled.Add(await reconciler.ResolveUnreadableNotMetAsync(
                    [.. walk.Seen, .. walk.Met], [.. walk.MetFingerprints], startedAt, source, cancellationToken));
            }

            if (walk.Missed > 0)
            {
                logger.WalkIncomplete(walk.Seen.Count, walk.Seen.Count + walk.Missed, DartTimestamp.Format(state.Watermark));
            }

            var next = walk.NextWatermark(state.Watermark);
            var timings = walk.Timings() with { Walk = time.GetElapsedTime(started) };
            var report = new SyncReport(mode, walk.ListRequests, walk.Seen.Count, walk.Fetched, walk.Reconciled, next, deleted, timings);
            await store.RecordSuccessAsync(state, mode, next, walk.Seen.Count, startedAt, cancellationToken);
            heartbeat.Beat(time.GetUtcNow());
            ReportDartHealthy();
            // After the walk's watermark is recorded: a report folder DART fails to list fails the cycle (last_error)
            // without making the next one walk the tasks again.
            var deliverablesStarted = time.GetTimestamp();
            report = report with
            {
                Deliverables = await deliverables.RunAsync(mode, source, cancellationToken),
                Timings = timings with { Deliverables = time.GetElapsedTime(deliverablesStarted) },
            };
            logger.SyncCompleted(mode, report.ListRequests, report.TasksSeen, report.TasksFetched, report.Reconciled.TasksChanged,
                report.Reconciled.AuditRows, DartTimestamp.Format(report.Watermark));
            return report;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Any failure, DART's or not (a database error, a bug), is recorded: last_error is what operators watch.
            if (DartFailure.IsTokenRejected(ex, out var statusCode))
            {
                health.ReportTokenRejected(statusCode);
            }

            await store.TryRecordFailureAsync(DartFailure.Describe(ex), cancellationToken);
            throw;
        }
    }

    private void ReportDartHealthy()
    {
        if (health.TokenRejected)
        {
            logger.TokenAccepted();
        }

        health.ReportHealthy();
    }
}
