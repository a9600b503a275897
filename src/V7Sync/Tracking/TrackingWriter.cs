using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using V7Sync.Dart;
using V7Sync.Hosting;

namespace V7Sync.Tracking;

/// <summary>
/// The writes of one reconcile transaction, queued and then written together, set-based, in that transaction: one
/// UPDATE for every changed work order and one binary COPY for the audit rows (row-by-row INSERTs were most of a
/// first full sync's time: four audit rows per task). One per <see cref="TrackingTransaction"/>, so nothing queued
/// outlives the transaction it was queued for.
/// </summary>
internal sealed class TrackingWriter(TrackingDbContext db)
{
    private readonly List<SyncAuditEntry> _audit = [];
    private readonly HashSet<WorkOrderTask> _changed = [];
    private bool _originMarked;

    /// <summary>Marks the transaction as V7Sync's own write to the work orders (<see cref="WriteOrigin"/>), once.</summary>
    public async Task MarkOriginAsync(CancellationToken cancellationToken)
    {
        if (!_originMarked)
        {
            await WriteOrigin.MarkAsync(db, cancellationToken);
            _originMarked = true;
        }
    }

    /// <summary>Queues <paramref name="row"/>, changed in memory, for the one UPDATE.</summary>
    public void Changed(WorkOrderTask row) => _changed.Add(row);

    public void Audit(string source, string action, int? taskId, string? dartTaskId, string? field, string? oldValue,
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

    /// <summary>Writes what is queued in the context's open transaction, then forgets it.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        await UpdateChangedAsync(cancellationToken);
        await CopyAuditAsync(cancellationToken);
    }

    private async Task UpdateChangedAsync(CancellationToken cancellationToken)
    {
        if (_changed.Count == 0)
        {
            return;
        }

        await MarkOriginAsync(cancellationToken);
        var rows = _changed.ToList();
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
        var assignees = rows.Select(r => JsonSerializer.Serialize(r.DartAssignees)).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE v7_subworkflow_tasks AS t SET
                status = u.status, dart_task_id = u.dart_task_id, dart_task_url = u.dart_task_url, dart_status = u.dart_status,
                dart_updated_at = u.dart_updated_at, started_at = u.started_at, completed_at = u.completed_at,
                deliverable_urls = ARRAY(SELECT jsonb_array_elements_text(u.deliverables)),
                dart_assignees = ARRAY(SELECT jsonb_array_elements_text(u.assignees))
            FROM unnest({ids}, {statuses}, {dartIds}, {urls}, {dartStatuses}, {versions}, {starts}, {completions}, {deliverables}::jsonb[], {assignees}::jsonb[])
                AS u(id, status, dart_task_id, dart_task_url, dart_status, dart_updated_at, started_at, completed_at, deliverables, assignees)
            WHERE t.id = u.id
            """, cancellationToken);
        _changed.Clear();
    }

    private async Task CopyAuditAsync(CancellationToken cancellationToken)
    {
        if (_audit.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, new_value, detail, trace_id) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var entry in _audit)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(entry.OccurredAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(entry.Source, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(entry.Action, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, entry.TaskId, NpgsqlDbType.Integer, cancellationToken);
                await WriteNullableAsync(copy, entry.DartTaskId, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, entry.Field, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, entry.OldValue, NpgsqlDbType.Text, cancellationToken);
                await WriteNullableAsync(copy, entry.NewValue, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(entry.Detail, NpgsqlDbType.Jsonb, cancellationToken);
                await WriteNullableAsync(copy, entry.TraceId, NpgsqlDbType.Text, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        _audit.Clear();
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);
}
