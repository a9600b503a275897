using System.CommandLine;
using System.Text.Json;
using Npgsql;

namespace V7Sync.Cli;

/// <summary>`v7sync dashboard [--json]`: the conductor's dashboards as aligned tables, or the same as JSON.</summary>
internal static class DashboardCommand
{
    public static Command Create(WebApplication app)
    {
        var json = new Option<bool>("--json") { Description = "Print the same sections as one JSON object." };
        var command = new Command("dashboard", "Print the executive, daily, risk, findings and sync-health dashboards.") { json };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("dashboard", async () =>
        {
            var clock = app.Services.GetRequiredService<TimeProvider>();
            var report = new DashboardReport(app.Services.GetRequiredService<NpgsqlDataSource>(), clock);
            var sections = await report.ReadAsync(cancellationToken);
            var now = clock.GetUtcNow();
            if (parseResult.GetValue(json))
            {
                WriteJson(Console.Out, sections, now);
            }
            else
            {
                WriteText(Console.Out, sections, now);
            }

            return CliAction.Ok;
        }));
        return command;
    }

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

    public static void WriteJson(TextWriter writer, IReadOnlyList<DashboardSection> sections, DateTimeOffset now)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generatedAt", now.ToUniversalTime());
            foreach (var section in sections)
            {
                section.WriteJson(json);
            }

            json.WriteEndObject();
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
