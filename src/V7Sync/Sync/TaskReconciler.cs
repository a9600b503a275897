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
internal sealed class TaskReconciler(
    TrackingDbContext db,
    IDartApi dart,
    IOptions<DartOptions> options,
    TimeProvider time,
    ILogger<TaskReconciler> logger) : ITaskReconciler
{
    private readonly SyncRules _rules = SyncRules.From(options.Value);
    private readonly List<SyncAuditEntry> _audit = [];
    private readonly HashSet<WorkOrderTask> _changedRows = [];

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
            var rows = await LockCandidatesAsync(snapshots.Select(s => s.Task).ToList(), cancellationToken);
            var openFindings = await OpenFindingsAsync(snapshots.Select(s => s.Task.Id).ToArray(), cancellationToken);
            var now = time.GetUtcNow();
            foreach (var snapshot in snapshots)
            {
                summary = summary.Add(await ReconcileOneAsync(snapshot, rows, openFindings, source, now, toFetch, cancellationToken));
            }

            await SaveAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        SyncMetrics.Record(summary, source);
        return toFetch.Count == 0 ? summary : summary.Add(await ApplyFetchedAsync(toFetch, source, cancellationToken));
    }

    /// <summary>
    /// Snapshots that only DART's full record can settle (a same-updatedAt tie seen by a webhook, a list item that
    /// raced another writer) are fetched once the batch is committed and its locks are released: a DART call, with
    /// its retries, must never hold the batch's rows locked against the poller and the other processors.
    /// </summary>
    private async Task<ReconcileSummary> ApplyFetchedAsync(List<string> dartTaskIds, string source, CancellationToken cancellationToken)
    {
        var fetched = new List<Snapshot>();
        foreach (var id in dartTaskIds.Distinct(StringComparer.Ordinal))
        {
            if (await dart.GetTaskOrNullAsync(id, logger, cancellationToken) is { } full)
            {
                fetched.Add(new Snapshot(full, Fetched: true));
            }
        }

        return await ApplyAsync(fetched, source, cancellationToken);
    }

    public async Task<ReconcileSummary> MarkDeletedAsync(string dartTaskId, string source, string reason, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginAsync(cancellationToken);
        var rows = await db.Tasks
            .FromSql($"SELECT * FROM v7_subworkflow_tasks WHERE dart_task_id = {dartTaskId} ORDER BY id FOR UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var open = await OpenFindingsAsync([dartTaskId], cancellationToken);
        var audits = 0;
        if (rows.Count > 0 && !open.Contains((FindingRules.DartTaskDeleted, dartTaskId)))
        {
            var now = time.GetUtcNow();
            foreach (var row in rows)
            {
                Audit(source, AuditActions.DartTaskDeleted, row.Id, dartTaskId, "dart_task_id", dartTaskId, null, now, new { reason });
                audits++;
            }

            await OpenFindingAsync(FindingRules.DartTaskDeleted, dartTaskId, rows[0].Id,
                $"{rows[0].WorkOrderKey} is linked to DART task {dartTaskId}, which is {reason}; the row is kept.", now, cancellationToken);
        }

        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReconcileSummary(1, 0, audits, 0, 0);
    }

    public async Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginAsync(cancellationToken);
        var rows = await db.Tasks
            .FromSql($"SELECT * FROM v7_subworkflow_tasks WHERE dart_task_id = {dartTaskId} ORDER BY id FOR UPDATE")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
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
                Audit(source, change.Action, row.Id, dartTaskId, change.Field, change.OldValue, change.NewValue, now, null);
                audits++;
            }
        }

        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ReconcileSummary(1, audits > 0 ? 1 : 0, audits, 0, rows.Count == 0 ? 1 : 0);
    }

    private async Task<ReconcileSummary> ReconcileOneAsync(
        Snapshot snapshot, CandidateRows rows, HashSet<(string Rule, string Subject)> openFindings, string source,
        DateTimeOffset now, List<string> toFetch, CancellationToken cancellationToken)
    {
        var task = snapshot.Task;
        var match = TaskDecider.Match(task, rows.For(task, _rules), _rules, (rule, subject) => openFindings.Contains((rule, subject)));
        var decision = TaskDecider.Decide(match, task, _rules, snapshot.Fetched, now);
        if (decision.Kind == DecisionKind.NeedsFullRecord && !snapshot.Fetched)
        {
            // Rare here (the poller fetches before it locks): a tie seen by a webhook, or a race with another writer.
            toFetch.Add(task.Id);
            return ReconcileSummary.Empty;
        }

        switch (decision.Kind)
        {
            case DecisionKind.Apply when decision.NewState is { } state:
                var row = rows.Get(match.Row!.Id);
                rows.Link(row, task.Id);
                state.ApplyTo(row);
                _changedRows.Add(row);
                foreach (var change in decision.Changes)
                {
                    Audit(source, change.Action, row.Id, task.Id, change.Field, change.OldValue, change.NewValue, now,
                        change.Action == AuditActions.StatusChanged ? new { dartStatus = task.Status } : null);
                }

                return new ReconcileSummary(1, decision.Changes.Count > 0 ? 1 : 0, decision.Changes.Count, 0, 0);
            case DecisionKind.Stale:
                Audit(source, AuditActions.EventStaleIgnored, match.Row!.Id, task.Id, "dart_updated_at",
                    TaskDecider.Format(match.Row.DartUpdatedAt), TaskDecider.Format(task.UpdatedAt), now, new { dartStatus = task.Status });
                return new ReconcileSummary(1, 0, 1, 1, 0);
            case DecisionKind.Unlinked:
                Audit(source, AuditActions.DartTaskUnlinked, null, task.Id, null, null, task.Title, now, new { task.HtmlUrl, task.Status });
                await OpenFindingAsync(FindingRules.DartTaskUnlinked, task.Id, null,
                    $"DART task {task.Id} '{task.Title}' matches no work order.", now, cancellationToken);
                openFindings.Add((FindingRules.DartTaskUnlinked, task.Id));
                return new ReconcileSummary(1, 0, 1, 0, 1);
            case DecisionKind.KeyConflict:
                var holder = match.KeyConflict!;
                Audit(source, AuditActions.IntegrityViolation, holder.Id, task.Id, "dart_task_id", holder.DartTaskId, task.Id, now,
                    new { rule = FindingRules.WorkOrderKeyConflict, reason = decision.Reason });
                await OpenFindingAsync(FindingRules.WorkOrderKeyConflict, task.Id, holder.Id,
                    $"DART task {task.Id} '{task.Title}' names {holder.Key}, which is linked to DART task {holder.DartTaskId}; not relinked.",
                    now, cancellationToken);
                openFindings.Add((FindingRules.WorkOrderKeyConflict, task.Id));
                return new ReconcileSummary(1, 0, 1, 0, 1);
            default:
                return new ReconcileSummary(1, 0, 0, 0, 0);
        }
    }

    private async Task<CandidateRows> LockCandidatesAsync(IReadOnlyList<DartTask> snapshots, CancellationToken cancellationToken) =>
        new(await CandidateRowsQuery.For(db.Tasks, snapshots, _rules, lockRows: true).AsNoTracking().ToListAsync(cancellationToken));

    private async Task<HashSet<(string Rule, string Subject)>> OpenFindingsAsync(string[] subjects, CancellationToken cancellationToken)
    {
        var open = await db.Findings
            .Where(f => f.Status == "open" && subjects.Contains(f.Subject))
            .Select(f => new { f.Rule, f.Subject })
            .ToListAsync(cancellationToken);
        return open.Select(f => (f.Rule, f.Subject)).ToHashSet();
    }

    private Task<int> OpenFindingAsync(string rule, string subject, int? taskId, string message, DateTimeOffset now, CancellationToken cancellationToken) =>
        // ON CONFLICT: another replica may have opened the same finding a moment ago; one open row per rule and subject.
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO v7_sync_findings (rule, subject, task_id, dart_task_id, message, first_seen_at, last_seen_at)
            VALUES ({rule}, {subject}, {taskId}, {subject}, {message}, {now}, {now})
            ON CONFLICT (rule, subject) WHERE status = 'open' DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
            """, cancellationToken);

    /// <summary>
    /// Every call starts from nothing queued: a call that failed midway (and rolled back) must not leave its audit
    /// rows or row changes for the next call in the same scope, e.g. the webhook processor's one-by-one retry.
    /// </summary>
    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        _audit.Clear();
        _changedRows.Clear();
        return await db.Database.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the batch in the open transaction, set-based: one UPDATE for every changed row and one binary COPY for
    /// the audit rows. Row-by-row statements were most of a first full sync's time (four audit rows per task).
    /// </summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        await WriteChangedRowsAsync(cancellationToken);
        if (_audit.Count == 0)
        {
            return;
        }

        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, new_value, detail, trace_id) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var entry in _audit)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(entry.OccurredAt, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(entry.Source, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(entry.Action, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, entry.TaskId, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(copy, entry.DartTaskId, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, entry.Field, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, entry.OldValue, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, entry.NewValue, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(entry.Detail, NpgsqlTypes.NpgsqlDbType.Jsonb, cancellationToken);
                await WriteNullableAsync(copy, entry.TraceId, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        _audit.Clear();
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
        await db.Database.ExecuteSqlAsync($"""
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


    private static Task WriteNullableAsync<T>(Npgsql.NpgsqlBinaryImporter copy, T? value, NpgsqlTypes.NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);

    private void Audit(string source, string action, int? taskId, string? dartTaskId, string? field, string? oldValue,
        string? newValue, DateTimeOffset now, object? detail) =>
        _audit.Add(new SyncAuditEntry
        {
            OccurredAt = now,
            Source = source,
            Action = action,
            TaskId = taskId,
            DartTaskId = dartTaskId,
            Field = field,
            OldValue = oldValue,
            NewValue = newValue,
            Detail = detail is null ? "{}" : JsonSerializer.Serialize(detail, DartJson.Options),
            TraceId = V7SyncTelemetry.CurrentTraceId,
        });

    /// <summary>A snapshot and whether it was fetched from DART just now (see <see cref="TaskDecider.Decide"/>).</summary>
    public sealed record Snapshot(DartTask Task, bool Fetched);

    /// <summary>The locked rows of one batch, indexed by DART id and work-order key, kept current as rows get linked.</summary>
    private sealed class CandidateRows
    {
        private readonly Dictionary<int, WorkOrderTask> _byId;
        private readonly Dictionary<string, List<WorkOrderTask>> _byDartId = new(StringComparer.Ordinal);
        private readonly Dictionary<WorkOrderKey, WorkOrderTask> _byKey = [];

        public CandidateRows(List<WorkOrderTask> rows)
        {
            _byId = rows.ToDictionary(r => r.Id);
            foreach (var row in rows)
            {
                _byKey[new WorkOrderKey(row.ParentPhase, row.TaskNumber)] = row;
                if (row.DartTaskId is { } dartId)
                {
                    Index(dartId, row);
                }
            }
        }

        public WorkOrderTask Get(int id) => _byId[id];

        public IEnumerable<TrackedTask> For(DartTask snapshot, SyncRules rules)
        {
            if (_byDartId.TryGetValue(snapshot.Id, out var linked))
            {
                foreach (var row in linked)
                {
                    yield return TrackedTask.From(row);
                }
            }

            if (rules.FindKey(snapshot.Title) is { } key && _byKey.TryGetValue(key, out var byKey))
            {
                yield return TrackedTask.From(byKey);
            }
        }

        public void Link(WorkOrderTask row, string dartTaskId)
        {
            if (row.DartTaskId != dartTaskId)
            {
                Index(dartTaskId, row);
            }
        }

        private void Index(string dartTaskId, WorkOrderTask row)
        {
            if (!_byDartId.TryGetValue(dartTaskId, out var list))
            {
                _byDartId[dartTaskId] = list = [];
            }

            list.Add(row);
        }
    }
}
