using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace V7Sync.Reporting;

/// <summary>
/// The filters of `v7sync audit`, turned into one parameterised query over v7_sync_audit_log (newest first).
/// --task takes what a person has at hand: a work-order key (P1.T3), a task id (42) or a DART id.
/// </summary>
internal sealed partial record AuditQuery(DateTimeOffset? Since, string? Task, string? Action, int Limit)
{
    /// <summary>"2026-11-20", "2026-11-20T09:00Z", or a span back from now: "90m", "6h", "2d".</summary>
    public static DateTimeOffset? ParseSince(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (RelativeSpan().Match(text.Trim()) is { Success: true } relative)
        {
            var amount = int.Parse(relative.Groups["n"].Value, CultureInfo.InvariantCulture);
            return now - (relative.Groups["unit"].Value switch
            {
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            });
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : throw new FormatException($"--since '{text}' is neither a date (2026-11-20T09:00Z) nor a span back from now (90m, 6h, 2d).");
    }

    public NpgsqlCommand ToCommand(NpgsqlDataSource dataSource)
    {
        var conditions = new List<string>();
        var command = dataSource.CreateCommand();
        if (Since is { } since)
        {
            conditions.Add($"occurred_at >= {Parameter(command, since)}");
        }

        if (!string.IsNullOrWhiteSpace(Action))
        {
            conditions.Add($"action = {Parameter(command, Action.Trim())}");
        }

        if (!string.IsNullOrWhiteSpace(Task))
        {
            var task = Task.Trim();
            conditions.Add(TaskId is { } id
                ? $"task_id = {Parameter(command, id)}"
                : $"(work_order = {Parameter(command, task.ToUpperInvariant())} OR dart_task_id = {Parameter(command, task)})");
        }

        command.CommandText = $"""
            SELECT {AuditLine.Columns}
            FROM v7_sync_audit_log
            {(conditions.Count > 0 ? "WHERE " + string.Join(" AND ", conditions) : "")}
            ORDER BY occurred_at DESC, id DESC
            LIMIT {Parameter(command, Limit)}
            """;
        return command;
    }

    /// <summary>The rows this query selects, newest first.</summary>
    public async Task<List<AuditLine>> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = ToCommand(dataSource);
        return await AuditLine.ReadAllAsync(command, cancellationToken);
    }

    /// <summary>Whether a followed row passes the same filters as <see cref="ToCommand"/> (the follow reads every new row).</summary>
    public bool Matches(AuditLine line) =>
        (Since is null || line.OccurredAt >= Since)
        && (string.IsNullOrWhiteSpace(Action) || line.Action == Action.Trim())
        && (string.IsNullOrWhiteSpace(Task) || (TaskId is { } id
            ? line.TaskId == id
            : string.Equals(line.WorkOrder, Task.Trim(), StringComparison.OrdinalIgnoreCase) || line.DartTaskId == Task.Trim()));

    /// <summary>--task as a task id when it is a number (42), else null (a key or a DART id).</summary>
    private int? TaskId => int.TryParse(Task?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string Parameter(NpgsqlCommand command, object value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return $"${command.Parameters.Count}";
    }

    [GeneratedRegex(@"^(?<n>\d+)(?<unit>[mhd])$")]
    private static partial Regex RelativeSpan();
}
