using System.Collections;
using System.Globalization;

namespace V7Sync.Reporting;

/// <summary>
/// A plain-text table a person reads at a glance: a header, a rule, one line per row, columns padded to their widest
/// cell, numbers right-aligned, long text cut with an ellipsis, control characters shown as
/// <see cref="TerminalText.Placeholder"/>. Used by `dashboard` and `audit`.
/// </summary>
internal sealed class TextTable(params string[] headers)
{
    private const int MaxCellWidth = 60;
    private const string Gap = "  ";

    private readonly List<object?[]> _rows = [];

    public int Count => _rows.Count;

    public TextTable AddRow(params object?[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public void Write(TextWriter writer, string indent = "  ")
    {
        if (_rows.Count == 0)
        {
            writer.WriteLine($"{indent}(none)");
            return;
        }

        var text = _rows.Select(row => row.Select(Format).ToArray()).ToList();
        var widths = headers.Select((h, c) => Math.Max(h.Length, text.Max(row => row[c].Length))).ToArray();
        // A column is numeric when every non-empty cell holds a number; those read best right-aligned.
        var numeric = headers.Select((_, c) => _rows.All(row => row[c] is null || IsNumber(row[c]))).ToArray();

        writer.WriteLine(Line(indent, headers, widths, numeric));
        writer.WriteLine(Line(indent, widths.Select(w => new string('-', w)).ToArray(), widths, numeric));
        foreach (var row in text)
        {
            writer.WriteLine(Line(indent, row, widths, numeric));
        }
    }

    /// <summary>
    /// How a value reads in a cell: times in UTC to the second, invariant numbers, "-" for nothing, one line, and
    /// safe for the terminal (<see cref="TerminalText"/>).
    /// </summary>
    public static string Format(object? value)
    {
        var text = value switch
        {
            null or DBNull => "-",
            DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            DateTime t => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            bool b => b ? "yes" : "no",
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Format)),
            _ => value.ToString() ?? "",
        };
        text = TerminalText.Safe(text.ReplaceLineEndings(" "));
        return text.Length > MaxCellWidth ? string.Concat(text.AsSpan(0, MaxCellWidth - 1), "…") : text;
    }

    private static bool IsNumber(object? value) =>
        value is byte or short or int or long or decimal or double or float;

    private static string Line(string indent, IReadOnlyList<string> cells, int[] widths, bool[] numeric) =>
        indent + string.Join(Gap, cells.Select((cell, c) => numeric[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();
}
