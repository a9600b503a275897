using System.Globalization;
using System.Text.Json;

namespace V7Sync.Reporting;

/// <summary>
/// The dashboard as a person reads it (aligned tables, one per section) or as a script reads it (one JSON object
/// keyed by section, every column under its SQL name, whole values).
/// </summary>
internal static class DashboardOutput
{
    public static void WriteText(TextWriter writer, IReadOnlyList<DashboardSection> sections, DateTimeOffset now)
    {
        writer.WriteLine($"V7 migration dashboard, {TextTable.Format(now)} UTC");
        foreach (var section in sections)
        {
            writer.WriteLine();
            writer.WriteLine(section.Title);
            if (section.SingleRow)
            {
                // One row reads better as "name  value" lines than as a very wide table.
                var table = new TextTable("item", "value");
                var row = section.Rows.Count > 0 ? section.Rows[0] : new object?[section.Columns.Count];
                for (var c = 0; c < section.Columns.Count; c++)
                {
                    table.AddRow(section.Columns[c], TextTable.Format(row[c]));
                }

                table.Write(writer);
            }
            else
            {
                var shown = section.TextColumns ?? [.. section.Columns.Select(c => (c, c))];
                var ordinals = shown.Select(s => IndexOf(section.Columns, s.Column)).ToArray();
                var table = new TextTable([.. shown.Select(s => s.Header)]);
                foreach (var row in section.Rows)
                {
                    table.AddRow([.. ordinals.Select(o => row[o])]);
                }

                table.Write(writer);
            }
        }
    }

    public static void WriteJson(TextWriter writer, IReadOnlyList<DashboardSection> sections, DateTimeOffset now)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generatedAt", now.ToUniversalTime());
            foreach (var section in sections)
            {
                WriteSection(json, section);
            }

            json.WriteEndObject();
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static int IndexOf(IReadOnlyList<string> columns, string column)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c] == column)
            {
                return c;
            }
        }

        throw new InvalidOperationException($"The dashboard query returns no column '{column}'.");
    }

    /// <summary>The rows as JSON objects keyed by column name (an object for a one-row section, else an array).</summary>
    private static void WriteSection(Utf8JsonWriter writer, DashboardSection section)
    {
        writer.WritePropertyName(section.Key);
        if (section.SingleRow)
        {
            WriteRow(writer, section.Columns, section.Rows.Count > 0 ? section.Rows[0] : new object?[section.Columns.Count]);
            return;
        }

        writer.WriteStartArray();
        foreach (var row in section.Rows)
        {
            WriteRow(writer, section.Columns, row);
        }

        writer.WriteEndArray();
    }

    private static void WriteRow(Utf8JsonWriter writer, IReadOnlyList<string> columns, object?[] row)
    {
        writer.WriteStartObject();
        for (var c = 0; c < columns.Count; c++)
        {
            writer.WritePropertyName(columns[c]);
            WriteValue(writer, row[c]);
        }

        writer.WriteEndObject();
    }

    /// <summary>Values as they are: whole text (no console cut), numbers as numbers, times as UTC ISO 8601.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                break;
            case DateTime t:
                writer.WriteStringValue(new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero));
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(t.ToUniversalTime());
                break;
            case int or long or short or decimal or double or float:
                writer.WriteRawValue(TextTable.Format(value));
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
