using System.Text.Json;

namespace V7Sync.Reporting;

/// <summary>How audit rows are printed: a table, JSON (one array, or one object per line), or one line per row as they land.</summary>
internal static class AuditOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <param name="jsonLines">With --follow, JSON is one object per line from the first row, so a reader of the stream parses every line alike.</param>
    public static void Write(TextWriter writer, IReadOnlyList<AuditLine> lines, bool json, bool jsonLines)
    {
        if (json)
        {
            if (!jsonLines)
            {
                writer.WriteLine(JsonSerializer.Serialize(lines, JsonOptions));
                return;
            }

            foreach (var line in lines)
            {
                writer.WriteLine(Json(line));
            }

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
