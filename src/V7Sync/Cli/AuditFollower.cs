using Npgsql;

namespace V7Sync.Cli;

/// <summary>One row of v7_sync_audit_log: the audit row with the work-order key and task name next to the DART id.</summary>
internal sealed record AuditLine(
    long Id, DateTimeOffset OccurredAt, string Source, string Action, string? WorkOrder, string? TaskName,
    string? DartTaskId, string? Field, string? OldValue, string? NewValue);

/// <summary>
/// Reads new audit rows as they land (by increasing id, so nothing is printed twice or skipped once committed).
/// The demo follows the log with it; `audit --follow` can too.
/// </summary>
internal sealed class AuditFollower(NpgsqlDataSource dataSource, TimeProvider clock, ILogger logger)
{
    /// <summary>The newest audit id now; follow from here to see only what happens next.</summary>
    public async Task<long> LatestIdAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT COALESCE(MAX(id), 0) FROM v7_sync_audit");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<AuditLine>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, occurred_at, source, action, work_order, task_name, dart_task_id, field, old_value, new_value
            FROM v7_sync_audit_log WHERE id > $1 ORDER BY id LIMIT $2
            """);
        command.Parameters.AddWithValue(afterId);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<AuditLine>();
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(Read(reader));
        }

        return lines;
    }

    /// <summary>Hands every row after <paramref name="afterId"/> to <paramref name="onLine"/> until cancelled.</summary>
    public async Task FollowAsync(long afterId, Action<AuditLine> onLine, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    IReadOnlyList<AuditLine> lines;
                    do
                    {
                        lines = await ReadAfterAsync(afterId, 500, cancellationToken);
                        foreach (var line in lines)
                        {
                            onLine(line);
                            afterId = line.Id;
                        }
                    }
                    while (lines.Count == 500);
                }
                catch (NpgsqlException ex)
                {
                    // A database hiccup must not end the follow; the next tick tries again from the same id.
                    logger.DemoFollowFailed(ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>"09:30:12  webhook  status_changed     P1.T3  Map foreign keys   status: pending → in_progress  [dart id]".</summary>
    public static string Format(AuditLine line)
    {
        var change = line.Field is null && line.OldValue is null && line.NewValue is null
            ? ""
            : $"{line.Field}{(line.Field is null ? "" : ": ")}{line.OldValue ?? "∅"} → {line.NewValue ?? "∅"}";
        return string.Join("  ",
            TextTable.Format(line.OccurredAt)[11..],
            line.Source.PadRight(7),
            line.Action.PadRight(20),
            (line.WorkOrder ?? "-").PadRight(6),
            Cut(line.TaskName ?? "-", 34).PadRight(34),
            change,
            line.DartTaskId is null ? "" : $"[{line.DartTaskId}]").TrimEnd();
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");

    /// <summary>Reads a row selected as: id, occurred_at, source, action, work_order, task_name, dart_task_id, field, old_value, new_value.</summary>
    public static AuditLine Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
        Text(reader, 4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9));

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
