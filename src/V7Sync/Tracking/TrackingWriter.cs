using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using V7Sync.Dart;
using V7Sync.Hosting;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// The audit rows of one reconcile transaction, written together by one binary COPY in that transaction:
/// row-by-row INSERTs were most of a first full sync's time (four audit rows per task).
/// </summary>
internal sealed class AuditBatch
{
    private readonly List<SyncAuditEntry> _entries = [];

    public int Count => _entries.Count;

    public void Clear() => _entries.Clear();

    public void Add(string source, string action, int? taskId, string? dartTaskId, string? field, string? oldValue,
        string? newValue, DateTimeOffset now, object? detail) =>
        _entries.Add(new SyncAuditEntry
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

    /// <summary>Writes the queued rows in the context's open transaction, then forgets them.</summary>
    public async Task WriteAsync(TrackingDbContext db, CancellationToken cancellationToken)
    {
        if (_entries.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, new_value, detail, trace_id) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var entry in _entries)
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

        _entries.Clear();
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken) =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);
}
