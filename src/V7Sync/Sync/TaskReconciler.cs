using System.Text.Json;
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
/// </summary>
internal sealed partial class TaskReconciler : ITaskReconciler
{
    private readonly TrackingDbContext _db;
    private readonly IDartApi _dart;
    private readonly TimeProvider _time;
    private readonly ILogger<TaskReconciler> _logger;
    private readonly SyncRules _rules;
    private readonly AuditBatch _audit = new();
    private readonly ReconcilerFindings _findings;
    private readonly HashSet<WorkOrderTask> _changedRows = [];

    public TaskReconciler(TrackingDbContext db, IDartApi dart, IOptions<DartOptions> options, TimeProvider time, ILogger<TaskReconciler> logger)
    {
        (_db, _dart, _time, _logger) = (db, dart, time, logger);
        _rules = SyncRules.From(options.Value);
        _findings = new ReconcilerFindings(db, _audit);
    }

    public Task<ReconcileSummary> ApplyAsync(IReadOnlyList<DartTask> snapshots, string source, CancellationToken cancellationToken) =>
        ApplyAsync(snapshots.Select(s => new Snapshot(s, Fetched: false)).ToList(), source, cancellationToken);

    /// <summary>As <see cref="ITaskReconciler.ApplyAsync"/>, for snapshots the caller fetched from DART itself.</summary>
    public async Task<ReconcileSummary> ApplyAsync(IReadOnlyList<Snapshot> snapshots, string source, CancellationToken cancellationToken)
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
        await using (var transaction = await BeginAsync(cancellationToken))
        {
            var tasks = snapshots.Select(s => s.Task).ToList();
            var rows = await LockCandidatesAsync(tasks, cancellationToken);
            var openFindings = await _findings.OpenAsync(tasks.Select(t => t.Id).ToArray(), cancellationToken);
            var rejectedBefore = await RejectedBeforeAsync(tasks, cancellationToken);
            var batch = new Batch(rows, openFindings, rejectedBefore, source, _time.GetUtcNow());
            foreach (var snapshot in snapshots)
            {
                summary = summary.Add(await ReconcileOneAsync(snapshot, batch, toFetch, cancellationToken));
            }

            await SaveAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
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
        var fetched = new List<Snapshot>();
        var unreadable = new List<UnreadableTask>();
        foreach (var id in dartTaskIds.Distinct(StringComparer.Ordinal))
        {
            switch (await _dart.FetchTaskAsync(id, _logger, cancellationToken))
            {
                case { Task: { } full }:
                    fetched.Add(new Snapshot(full, Fetched: true));
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
        await using var transaction = await BeginAsync(cancellationToken);
        var rows = await _db.Tasks
            .FromSql($"SELECT * FROM v7_subworkflow_tasks WHERE dart_task_id = {dartTaskId} ORDER BY id FOR UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var open = await _findings.OpenAsync([dartTaskId], cancellationToken);
        var audits = 0;
        if (rows.Count > 0 && !open.Contains((FindingRules.DartTaskDeleted, dartTaskId)))
        {
            var now = _time.GetUtcNow();
            foreach (var row in rows)
            {
                _audit.Add(source, AuditActions.DartTaskDeleted, row.Id, dartTaskId, "dart_task_id", dartTaskId, null, now, new { reason });
                audits++;
            }

            await _findings.OpenAsync(FindingRules.DartTaskDeleted, dartTaskId, rows[0].Id, dartTaskId,
                $"{rows[0].WorkOrderKey} is linked to DART task {dartTaskId}, which is {reason}; the row is kept.", now, cancellationToken);
        }

        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReconcileSummary(1, 0, audits, 0, 0);
    }

    public async Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginAsync(cancellationToken);
        var rows = await _db.Tasks
            .FromSql($"SELECT * FROM v7_subworkflow_tasks WHERE dart_task_id = {dartTaskId} ORDER BY id FOR UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var audits = 0;
        foreach (var row in rows)
        {
            var changes = new List<FieldChange>();
            row.DeliverableUrls = TaskDecider.MergeDeliverables(row.DeliverableUrls, urls, changes);
            if (changes.Count > 0)
            {
                _changedRows.Add(row);
            }
            foreach (var change in changes)
            {
                _audit.Add(source, change.Action, row.Id, dartTaskId, change.Field, change.OldValue, change.NewValue, now, null);
                audits++;
            }
        }

        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReconcileSummary(1, audits > 0 ? 1 : 0, audits, 0, rows.Count == 0 ? 1 : 0);
    }

    private async Task<ReconcileSummary> ReconcileOneAsync(Snapshot snapshot, Batch batch, List<string> toFetch, CancellationToken cancellationToken)
    {
        var (task, source, now) = (snapshot.Task, batch.Source, batch.Now);
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
            audits += await _findings.ResolveAsync(FindingRules.DartTaskUnreadable, task.Id, source, now, cancellationToken);
        }

        if (decision.Kind == DecisionKind.Apply && match.Row is { } tracked)
        {
            audits += await ClockSkewAsync(decision, task, tracked.Id, batch, cancellationToken);
        }

        var extra = new ReconcileSummary(0, 0, audits, 0, 0);
        switch (decision.Kind)
        {
            case DecisionKind.Apply when decision.NewState is { } state:
                var row = batch.Rows.Get(match.Row!.Id);
                batch.Rows.Link(row, task.Id);
                state.ApplyTo(row);
                _changedRows.Add(row);
                foreach (var change in decision.Changes)
                {
                    _audit.Add(source, change.Action, row.Id, task.Id, change.Field, change.OldValue, change.NewValue, now,
                        change.Action == AuditActions.StatusChanged ? new { dartStatus = task.Status } : null);
                }

                return extra.Add(new ReconcileSummary(1, decision.Changes.Count > 0 ? 1 : 0, decision.Changes.Count, 0, 0));
            case DecisionKind.Stale:
                _audit.Add(source, AuditActions.EventStaleIgnored, match.Row!.Id, task.Id, "dart_updated_at",
                    TaskDecider.Format(match.Row.DartUpdatedAt), TaskDecider.Format(task.UpdatedAt), now, new { dartStatus = task.Status });
                return extra.Add(new ReconcileSummary(1, 0, 1, 1, 0));
            case DecisionKind.Unlinked:
                _audit.Add(source, AuditActions.DartTaskUnlinked, null, task.Id, null, null, task.Title, now, new { task.HtmlUrl, task.Status });
                await _findings.OpenAsync(FindingRules.DartTaskUnlinked, task.Id, null, task.Id,
                    $"DART task {task.Id} '{task.Title}' matches no work order.", now, cancellationToken);
                batch.OpenFindings.Add((FindingRules.DartTaskUnlinked, task.Id));
                return extra.Add(new ReconcileSummary(1, 0, 1, 0, 1));
            case DecisionKind.KeyConflict:
                var holder = match.KeyConflict!;
                _audit.Add(source, AuditActions.IntegrityViolation, holder.Id, task.Id, "dart_task_id", holder.DartTaskId, task.Id, now,
                    new { rule = FindingRules.WorkOrderKeyConflict, reason = decision.Reason });
                await _findings.OpenAsync(FindingRules.WorkOrderKeyConflict, task.Id, holder.Id, task.Id,
                    $"DART task {task.Id} '{task.Title}' names {holder.Key}, which is linked to DART task {holder.DartTaskId}; not relinked.",
                    now, cancellationToken);
                batch.OpenFindings.Add((FindingRules.WorkOrderKeyConflict, task.Id));
                return extra.Add(new ReconcileSummary(1, 0, 1, 0, 1));
            default:
                return extra.Add(new ReconcileSummary(1, 0, 0, 0, 0));
        }
    }

    private async Task<CandidateRows> LockCandidatesAsync(IReadOnlyList<DartTask> snapshots, CancellationToken cancellationToken) =>
        new(await CandidateRowsQuery.For(_db.Tasks, snapshots, _rules, lockRows: true).AsNoTracking().ToListAsync(cancellationToken));

    /// <summary>
    /// Every call starts from nothing queued: a call that failed midway (and rolled back) must not leave its audit
    /// rows or row changes for the next call in the same scope, e.g. the webhook processor's one-by-one retry.
    /// </summary>
    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        _audit.Clear();
        _changedRows.Clear();
        return await _db.Database.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>Writes the batch in the open transaction, set-based: one UPDATE for every changed row, one COPY for the audit rows.</summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await WriteChangedRowsAsync(cancellationToken);
        await _audit.WriteAsync(_db, cancellationToken);
    }

    private async Task WriteChangedRowsAsync(CancellationToken cancellationToken)
    {
        if (_changedRows.Count == 0)
        {
            return;
        }

        var rows = _changedRows.ToList();
        var ids = rows.Select(r => r.Id).ToArray();
        var statuses = rows.Select(r => r.Status).ToArray();
        var dartIds = rows.Select(r => r.DartTaskId).ToArray();
        var urls = rows.Select(r => r.DartTaskUrl).ToArray();
        var dartStatuses = rows.Select(r => r.DartStatus).ToArray();
        var versions = rows.Select(r => r.DartUpdatedAt).ToArray();
        var starts = rows.Select(r => r.StartedAt).ToArray();
        var completions = rows.Select(r => r.CompletedAt).ToArray();
        // Lists of unequal length cannot travel as one text[][]; each row's list goes as a JSON array instead.
        var deliverables = rows.Select(r => JsonSerializer.Serialize(r.DeliverableUrls)).ToArray();
        await _db.Database.ExecuteSqlAsync($"""
            UPDATE v7_subworkflow_tasks AS t SET
                status = u.status, dart_task_id = u.dart_task_id, dart_task_url = u.dart_task_url, dart_status = u.dart_status,
                dart_updated_at = u.dart_updated_at, started_at = u.started_at, completed_at = u.completed_at,
                deliverable_urls = ARRAY(SELECT jsonb_array_elements_text(u.deliverables))
            FROM unnest({ids}, {statuses}, {dartIds}, {urls}, {dartStatuses}, {versions}, {starts}, {completions}, {deliverables}::jsonb[])
                AS u(id, status, dart_task_id, dart_task_url, dart_status, dart_updated_at, started_at, completed_at, deliverables)
            WHERE t.id = u.id
            """, cancellationToken);
        _changedRows.Clear();
    }

    /// <summary>A snapshot and whether it was fetched from DART just now (see <see cref="TaskDecider.Decide"/>).</summary>
    public sealed record Snapshot(DartTask Task, bool Fetched);

    /// <summary>What every snapshot of one batch shares: its locked rows, the open findings and rejected links, the clock.</summary>
    private sealed record Batch(
        CandidateRows Rows, HashSet<(string Rule, string Subject)> OpenFindings, HashSet<(string, string)> RejectedBefore, string Source, DateTimeOffset Now);
}
