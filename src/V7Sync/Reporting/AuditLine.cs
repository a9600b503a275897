using Npgsql;

namespace V7Sync.Reporting;

/// <summary>
/// One row of v7_sync_audit_log: the audit row with the work-order key and task name next to the DART id, and
/// <see cref="Why"/>, the rule and reason its detail names (why an integrity_violation or dart_task_deleted happened).
/// </summary>
internal sealed record AuditLine(
    long Id, DateTimeOffset OccurredAt, string Source, string Action, string? WorkOrder, string? TaskName, int? TaskId,
    string? DartTaskId, string? Field, string? OldValue, string? NewValue, string? Why)
{
    /// <summary>The select list <see cref="Read"/> expects, over v7_sync_audit_log.</summary>
    public const string Columns =
        """
        id, occurred_at, source, action, work_order, task_name, task_id, dart_task_id, field, old_value, new_value,
        NULLIF(concat_ws(': ', detail->>'rule', COALESCE(detail->>'reason', CASE WHEN task_id IS NULL THEN detail->>'subject' END)), '') AS why
        """;

    /// <summary>Reads a row selected with <see cref="Columns"/>.</summary>
    public static AuditLine Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
        Text(reader, 4), Text(reader, 5), reader.IsDBNull(6) ? null : reader.GetInt32(6),
        Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10), Text(reader, 11));

    /// <summary>Every row of <paramref name="command"/>, which selects <see cref="Columns"/>.</summary>
    public static async Task<List<AuditLine>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<AuditLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(Read(reader));
        }

        return lines;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
