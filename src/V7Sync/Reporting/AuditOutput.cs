using System.Text.Json;

namespace V7Sync.Reporting;

/// <summary>How audit rows are printed: a table or one JSON array, or (following) one line or one JSON object per row as they land.</summary>
internal static class AuditOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>A page of rows: a table, or one JSON array.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<AuditLine> lines, bool json)
    {
        if (json)
        {
            writer.WriteLine(JsonSerializer.Serialize(lines, JsonOptions));
            return;
        }

        var table = new TextTable("when (UTC)", "source", "action", "work order", "task", "field", "change", "DART task", "why");
        foreach (var line in lines)
        {
            var change = line.Field is null ? line.NewValue ?? "" : $"{line.OldValue ?? "∅"} → {line.NewValue ?? "∅"}";
            table.AddRow(line.OccurredAt, line.Source, line.Action, line.WorkOrder ?? "-", line.TaskName ?? "-", line.Field ?? "-", change,
                line.DartTaskId ?? "-", line.Why ?? "-");
        }

        table.Write(writer, indent: "");
    }

    /// <summary>One row of a stream (`audit --follow`, the demo), in the stream's one format: a line, or a JSON object on one line.</summary>
    public static string Streamed(AuditLine line, bool json) => json ? Json(line) : Line(line);

    /// <summary>One row as one JSON object on one line (JSON Lines); the serializer escapes control characters.</summary>
    public static string Json(AuditLine line) => JsonSerializer.Serialize(line, JsonOptions);

    /// <summary>
    /// "09:30:12  webhook  status_changed     P1.T3  Map foreign keys   status: pending → in_progress  [dart id]  (why)",
    /// safe for the terminal (<see cref="TerminalText"/>): task names and values may be DART's text.
    /// </summary>
    public static string Line(AuditLine line)
    {
        var change = line.Field is null && line.OldValue is null && line.NewValue is null
            ? ""
            : $"{line.Field}{(line.Field is null ? "" : ": ")}{line.OldValue ?? "∅"} → {line.NewValue ?? "∅"}";
        return TerminalText.Safe(string.Join("  ",
            TextTable.Format(line.OccurredAt)[11..],
            line.Source.PadRight(7),
            line.Action.PadRight(20),
            (line.WorkOrder ?? "-").PadRight(6),
            Cut(line.TaskName ?? "-", 34).PadRight(34),
            change,
            line.DartTaskId is null ? "" : $"[{line.DartTaskId}]",
            line.Why is null ? "" : $"({line.Why})").TrimEnd());
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");
}
