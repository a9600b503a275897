using System.Globalization;
using System.Text.Json;
using V7Sync.Analytics;

namespace V7Sync.Reporting;

/// <summary>
/// What `v7sync forecast` prints: a table of each open phase's and the whole migration's p50/p85/p95 dates with the
/// throughput they were drawn from, or the same as one JSON object.
/// </summary>
internal static class ForecastOutput
{
    public static void WriteText(TextWriter writer, ForecastReport forecast)
    {
        var settings = forecast.Settings;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"V7 forecast, {forecast.Today:yyyy-MM-dd} (UTC): Monte Carlo, {settings.Trials:N0} trials over the last {settings.Weeks} weeks of throughput, seed {forecast.Seed}"));
        writer.WriteLine();
        var table = new TextTable("phase", "name", "remaining", "completed per week (oldest → newest)", "p50", "p85", "p95", "note");
        foreach (var item in forecast.Phases.Append(forecast.Migration))
        {
            var outcome = item.Outcome;
            table.AddRow(item.Subject.PhaseNumber?.ToString(CultureInfo.InvariantCulture) ?? "all", item.Subject.Name, item.Subject.Remaining,
                string.Join(' ', item.Subject.WeeklyCompletions.Reverse()),
                Date(outcome, 0, forecast.Today), Date(outcome, 1, forecast.Today), Date(outcome, 2, forecast.Today),
                Note(outcome, settings.Weeks));
        }

        table.Write(writer);
    }

    public static void WriteJson(TextWriter writer, ForecastReport forecast)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("generatedAt", forecast.Now.ToUniversalTime());
            json.WriteString("today", forecast.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("method", "monte_carlo");
            json.WriteNumber("trials", forecast.Settings.Trials);
            json.WriteNumber("weeks", forecast.Settings.Weeks);
            json.WriteNumber("seed", forecast.Seed);
            json.WriteStartArray("phases");
            foreach (var phase in forecast.Phases)
            {
                WriteSubject(json, phase, forecast.Today);
            }

            json.WriteEndArray();
            json.WritePropertyName("migration");
            WriteSubject(json, forecast.Migration, forecast.Today);
            json.WriteEndObject();
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteSubject(Utf8JsonWriter json, SubjectForecast item, DateOnly today)
    {
        json.WriteStartObject();
        if (item.Subject.PhaseNumber is { } number)
        {
            json.WriteNumber("phase_number", number);
        }

        json.WriteString("name", item.Subject.Name);
        json.WriteNumber("remaining", item.Subject.Remaining);
        json.WriteStartArray("weekly_completions"); // oldest first, as the text prints them
        foreach (var count in item.Subject.WeeklyCompletions.Reverse())
        {
            json.WriteNumberValue(count);
        }

        json.WriteEndArray();
        json.WriteString("forecast", item.Outcome.Kind switch
        {
            ForecastKind.Done => "done",
            ForecastKind.Forecast => "forecast",
            _ => "no_forecast",
        });
        string[] names = ["p50", "p85", "p95"];
        for (var i = 0; i < names.Length; i++)
        {
            if (item.Outcome.DateAt(i, today) is { } date)
            {
                json.WriteString(names[i], date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteNull(names[i]);
            }
        }

        json.WriteEndObject();
    }

    private static string Date(ForecastOutcome outcome, int index, DateOnly today) =>
        outcome.DateAt(index, today)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        ?? (outcome.Kind == ForecastKind.Forecast ? "later" : "-");

    public static string Note(ForecastOutcome outcome, int weeks) => outcome.Kind switch
    {
        ForecastKind.Done => "done: nothing remains",
        ForecastKind.NoThroughput => $"no forecast: nothing completed in the last {weeks} weeks",
        _ when outcome.P95Days is null => $"some trials run past {MonteCarloForecast.HorizonWeeks / 52} years",
        _ => "",
    };
}
