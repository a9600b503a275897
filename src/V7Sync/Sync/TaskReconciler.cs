using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Hosting;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// Applies what <see cref="TaskDecider"/> decides, one transaction per batch. The candidate rows are locked
/// (FOR UPDATE, in id order so two writers never deadlock), so the poller, the webhook processor and the resync
/// can race on one task and still end in the state of the newest updatedAt with one audit row per real change.
/// Each call is its own unit of work (<see cref="TrackingTransaction"/>): nothing it queues is kept past it.
/// </summary>
internal sealed partial class TaskReconciler(
    TrackingDbContext db, IDartApi dart, IOptions<DartOptions> options, TimeProvider time, ILogger<TaskReconciler> logger) : ITaskReconciler
{
    private readonly SyncRules _rules = SyncRules.From(options.Value);

    public Task<ReconcileSummary> ApplyAsync(IReadOnlyList<DartTask> snapshots, string source, CancellationToken cancellationToken) =>
        ApplyAsync(snapshots.Select(s => new TaskSnapshot(s, Fetched: false)).ToList(), source, cancellationToken);

    /// <summary>As <see cref="ITaskReconciler.ApplyAsync"/>, for snapshots the caller fetched from DART itself.</summary>
    public async Task<ReconcileSummary> ApplyAsync(IReadOnlyList<TaskSnapshot> snapshots, string source, CancellationToken cancellationToken)
    {
        if (snapshots.Count == 0)
        {
            return ReconcileSummary.Empty;
        }

        using var activity = V7SyncTelemetry.ActivitySource.StartActivity("sync.reconcile");
        activity?.SetTag("v7sync.source", source);
        activity?.SetTag("v7sync.snapshots", snapshots.Count);
        var toFetch = new List<string>();
        var summary = ReconcileSummary.Empty;
        await using (var work = await TrackingTransaction.BeginReplayableAsync(db, cancellationToken))
        {
            var tasks = snapshots.Select(s => s.Task).ToList();
            var rows = await CandidateRows.LockAsync(db, tasks, _rules, cancellationToken);
            var openFindings = await work.Findings.ReadOpenAsync([.. tasks.Select(t => t.Id), .. rows.TaskSubjects], cancellationToken);
            var rejectedBefore = await RejectedBeforeAsync(tasks, cancellationToken);
            var batch = new Batch(work, rows, openFindings, rejectedBefore, source, time.GetUtcNow());
            foreach (var snapshot in snapshots)
            {
                summary = summary.Add(await ReconcileOneAsync(snapshot, batch, toFetch, cancellationToken));
            }

            await work.CommitAsync(cancellationToken);
        }

        SyncMetrics.Record(summary, source);
        return toFetch.Count == 0 ? summary : summary.Add(await ApplyFetchedAsync(toFetch, source, cancellationToken));
    }

    /// <summary>
    /// Snapshots that only DART's full record can settle (a same-updatedAt tie seen by a webhook, a list item that
    /// raced another writer, a version stamped in the future) are fetched once the batch is committed and its locks
    /// are released: a DART call, with its retries, must never hold the batch's rows locked against the poller and
    /// the other processors. A record that does not read is set aside.
    /// </summary>
    private async Task<ReconcileSummary> ApplyFetchedAsync(List<string> dartTaskIds, string source, CancellationToken cancellationToken)
    {
        var fetched = new List<TaskSnapshot>();
        var unreadable = new List<UnreadableTask>();
        foreach (var id in dartTaskIds.Distinct(StringComparer.Ordinal))
        {
            switch (await dart.FetchTaskAsync(id, logger, cancellationToken))
            {
                case { Task: { } full }:
                    fetched.Add(new TaskSnapshot(full, Fetched: true));
                    break;
                case { Unreadable: { } setAside }:
                    unreadable.Add(setAside);
                    break;
            }
        }

        var summary = await SetAsideAsync(unreadable, source, cancellationToken);
        return summary.Add(await ApplyAsync(fetched, source, cancellationToken));
    }

    public async Task<ReconcileSummary> MarkDeletedAsync(string dartTaskId, string source, string reason, CancellationToken cancellationToken)
    {
        await using var work = await TrackingTransaction.BeginReplayableAsync(db, cancellationToken);
        var rows = await LockLinkedAsync(dartTaskId, cancellationToken);
        var open = await work.Findings.ReadOpenAsync([dartTaskId], cancellationToken);
        var audits = 0;
        if (rows.Count > 0 && !open.Contains((FindingRules.DartTaskDeleted, dartTaskId)))
        {
            var now = time.GetUtcNow();
            foreach (var row in rows)
            {
                work.Writes.Audit(source, AuditActions.DartTaskDeleted, row.Id, dartTaskId, "dart_task_id", dartTaskId, null, now, new { reason });
                audits++;
            }

            await work.Findings.OpenAsync(FindingRules.DartTaskDeleted, dartTaskId, rows[0].Id, dartTaskId,
                $"{rows[0].WorkOrderKey} is linked to DART task {dartTaskId}, which is {reason}; the row is kept.", now, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return new ReconcileSummary(1, 0, audits, 0, 0);
    }

    public async Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken)
    {
        await using var work = await TrackingTransaction.BeginReplayableAsync(db, cancellationToken);
        var rows = await LockLinkedAsync(dartTaskId, cancellationToken);
        var now = time.GetUtcNow();
        var audits = 0;
        foreach (var row in rows)
        {
            audits += DeliverableAppender.Append(work, row, urls, source, dartTaskId, now, null);
        }

        await work.CommitAsync(cancellationToken);
        return new ReconcileSummary(1, audits > 0 ? 1 : 0, audits, 0, rows.Count == 0 ? 1 : 0);
    }

    private async Task<ReconcileSummary> ReconcileOneAsync(TaskSnapshot snapshot, Batch batch, List<string> toFetch, CancellationToken cancellationToken)
    {
        var (task, source, now, work) = (snapshot.Task, batch.Source, batch.Now, batch.Work);
        var match = TaskDecider.Match(task, batch.Rows.For(task, _rules), _rules, (rule, subject) => batch.OpenFindings.Contains((rule, subject)));
        var decision = TaskDecider.Decide(match, task, _rules, snapshot.Fetched, now);
        if (decision.Kind == DecisionKind.NeedsFullRecord && !snapshot.Fetched)
        {
            // Rare here (the poller fetches before it locks): a tie seen by a webhook, a race with another writer, or
            // a version stamped in the future.
            toFetch.Add(task.Id);
            return ReconcileSummary.Empty;
        }

        // What the reader set aside or the task read fine again: said before whatever the decision is.
        var audits = AuditRejectedUrls(task, match.Row?.Id, batch);
        if (batch.OpenFindings.Remove((FindingRules.DartTaskUnreadable, task.Id)))
        {
            audits += await work.Findings.ResolveAsync(FindingRules.DartTaskUnreadable, task.Id, source, now, cancellationToken);
        }

        if (decision.Kind == DecisionKind.Apply && match.Row is { } tracked)
        {
            audits += await ClockSkewAsync(decision, task, tracked.Id, batch, cancellationToken);
            audits += await StatusConflictAsync(decision, task, tracked, batch, cancellationToken);
        }

        var extra = new ReconcileSummary(0, 0, audits, 0, 0);
        if (audits == 0 && RepeatedVersion(decision, match, task) is { } applied)
        {
            return new ReconcileSummary(1, 0, 0, 0, 0) { Superseded = [new SupersededSnapshot(task, applied)] };
        }

        switch (decision.Kind)
        {
            case DecisionKind.Apply when decision.NewState is { } state:
                var row = batch.Rows.Get(match.Row!.Id);
                batch.Rows.Link(row, task.Id);
                state.ApplyTo(row);
                work.Writes.Changed(row);
                foreach (var change in decision.Changes)
                {
                    work.Writes.Audit(source, change.Action, row.Id, task.Id, change.Field, change.OldValue, change.NewValue, now,
                        change.Action == AuditActions.StatusChanged ? new { dartStatus = task.Status } : null);
                }

                return extra.Add(new ReconcileSummary(1, decision.Changes.Count > 0 ? 1 : 0, decision.Changes.Count, 0, 0));
            case DecisionKind.Stale:
                // Older than the applied version: news to nobody, so no audit row (the inbox row says superseded).
                return extra.Add(new ReconcileSummary(1, 0, 0, 1, 0) { Superseded = [new SupersededSnapshot(task, match.Row!.DartUpdatedAt)] });
            case DecisionKind.Unlinked:
                work.Writes.Audit(source, AuditActions.DartTaskUnlinked, null, task.Id, null, null, task.Title, now, new { task.HtmlUrl, task.Status });
                await work.Findings.OpenAsync(FindingRules.DartTaskUnlinked, task.Id, null, task.Id,
                    $"DART task {task.Id} '{task.Title}' matches no work order.", now, cancellationToken);
                batch.OpenFindings.Add((FindingRules.DartTaskUnlinked, task.Id));
                return extra.Add(new ReconcileSummary(1, 0, 1, 0, 1));
            case DecisionKind.KeyConflict:
                var holder = match.KeyConflict!;
                work.Writes.Audit(source, AuditActions.IntegrityViolation, holder.Id, task.Id, "dart_task_id", holder.DartTaskId, task.Id, now,
                    new { rule = FindingRules.WorkOrderKeyConflict, reason = decision.Reason });
                await work.Findings.OpenAsync(FindingRules.WorkOrderKeyConflict, task.Id, holder.Id, task.Id,
                    $"DART task {task.Id} '{task.Title}' names {holder.Key}, which is linked to DART task {holder.DartTaskId}; not relinked.",
                    now, cancellationToken);
                batch.OpenFindings.Add((FindingRules.WorkOrderKeyConflict, task.Id));
                return extra.Add(new ReconcileSummary(1, 0, 1, 0, 1));
            default:
                return extra.Add(new ReconcileSummary(1, 0, 0, 0, 0));
        }
    }

    /// <summary>
    /// The version already applied, arriving again with nothing to change (DART sends task.updated and
    /// task.status_updated with one snapshot): like an older one it is superseded and writes nothing.
    /// </summary>
    private static DateTimeOffset? RepeatedVersion(TaskDecision decision, TaskMatch match, DartTask task) =>
        decision is { Kind: DecisionKind.Apply, Changes.Count: 0, NewState: null } && match.Row is { } row && row.DartTaskId == task.Id
            && row.DartUpdatedAt is { } applied && applied == DartTimestamp.Microseconds(task.UpdatedAt)
            ? applied
            : null;

    /// <summary>The rows linked to <paramref name="dartTaskId"/>, locked for the call's transaction.</summary>
    private Task<List<WorkOrderTask>> LockLinkedAsync(string dartTaskId, CancellationToken cancellationToken) =>
        db.Tasks
            .FromSql($"SELECT * FROM v7_subworkflow_tasks WHERE dart_task_id = {dartTaskId} ORDER BY id FOR UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    /// <summary>What every snapshot of one batch shares: its unit of work, locked rows, open findings and rejected links, the clock.</summary>
    private sealed record Batch(TrackingTransaction Work, CandidateRows Rows, HashSet<(string Rule, string Subject)> OpenFindings,
        HashSet<(string, string)> RejectedBefore, string Source, DateTimeOffset Now);
}
