using System.Globalization;
using System.Text;

namespace V7Sync.Analytics;

/// <summary>
/// The conductor's report as one self-contained HTML file: inline CSS and SVG, no script, and a content security
/// policy that forbids the page any request at all, so even a value that slipped past encoding could fetch nothing.
/// </summary>
internal static class HtmlReport
{
    /// <summary>The velocity chart shows at most this many weeks, the latest.</summary>
    public const int VelocityWeeksShown = 26;

    public static string Render(ReportData data)
    {
        var today = data.Today;
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append($"<title>V7 migration report {Html.Date(today)}</title><style>{ReportStyle.Css}</style></head><body>");
        html.Append($"<header><h1>V7 migration report</h1><p>As of {Html.Time(data.Now)} UTC. {Summary(data.Forecast)}</p></header>");

        Section(html, "summary", "Phases: forecast and risk", () => PhaseTable(html, data));
        Section(html, "burndown", "Burndown per phase, with the forecast band (p50 to p95; dashed: p85)", () =>
        {
            html.Append("<div class=\"charts\">");
            foreach (var phase in data.Phases)
            {
                var days = data.Burndown.Where(d => d.PhaseNumber == phase.PhaseNumber).ToList();
                html.Append($"<figure><figcaption>P{phase.PhaseNumber} {Html.Encode(phase.Name)} <span class=\"muted\">({Html.Encode(phase.Status)})</span></figcaption>");
                if (days.Count == 0)
                {
                    html.Append("<p class=\"muted\">No tasks yet.</p>");
                }
                else
                {
                    SvgCharts.Burndown(html, phase.PhaseNumber, days, data.Forecast.Phases.FirstOrDefault(f => f.Subject.PhaseNumber == phase.PhaseNumber), today);
                }

                html.Append("</figure>");
            }

            html.Append("</div>");
        });
        Section(html, "velocity", "Tasks completed per ISO week (UTC), whole migration", () =>
        {
            var weeks = VelocityWeeks(data.Velocity, today);
            if (weeks.Count == 0)
            {
                html.Append("<p class=\"muted\">Nothing completed yet.</p>");
            }
            else
            {
                SvgCharts.Bars(html, "velocity", "Tasks completed per week", weeks);
            }
        });
        Section(html, "cycle-times", "Cycle time of completed tasks (first in progress to completed), tasks per day", () =>
        {
            var buckets = CycleTimeBars(data.CycleTimes);
            if (buckets.Count == 0)
            {
                html.Append("<p class=\"muted\">No completed task has a cycle time yet.</p>");
            }
            else
            {
                SvgCharts.Bars(html, "cycle-times", "Completed tasks by cycle time in days", buckets);
            }
        });
        Section(html, "risk", "Risk score per phase", () =>
        {
            SvgCharts.Risk(html, data.Phases);
            html.Append("<ul class=\"legend\">");
            for (var i = 0; i < RiskParts.All.Count; i++)
            {
                html.Append($"<li><span class=\"swatch part-{i}\"></span>{RiskParts.All[i].Label}</li>");
            }

            html.Append("</ul>");
        });
        Section(html, "findings", $"Open findings ({data.OpenFindings}{(data.OpenFindings > data.Findings.Count ? $", oldest {data.Findings.Count} shown" : "")})", () =>
            Table(html, ["rule", "work order", "task", "message", "first seen (UTC)"],
                data.Findings.Select(f => new[] { f.Rule, f.WorkOrder, f.TaskName, f.Message, Html.Time(f.FirstSeenAt) })));
        Section(html, "audit", $"Latest {ReportData.AuditRowsShown} audit rows", () =>
            Table(html, ["when (UTC)", "source", "action", "work order", "task", "field", "old", "new"],
                data.Audit.Select(a => new[] { Html.Time(a.OccurredAt), a.Source, a.Action, a.WorkOrder, a.TaskName, a.Field, a.OldValue, a.NewValue })));

        var settings = data.Forecast.Settings;
        html.Append(string.Create(CultureInfo.InvariantCulture,
            $"<footer>Forecast: Monte Carlo, {settings.Trials:N0} trials per phase over the last {settings.Weeks} weeks of completions, seed {data.Forecast.Seed}. Views: v7_phase_burndown, v7_velocity_weekly, v7_task_cycle_times, v7_phase_forecast, v7_phase_risk. Written by v7sync report.</footer>"));
        html.Append("</body></html>");
        return html.ToString();
    }

    /// <summary>Every week from the first with a completion to the current one (zeros included), the latest 26.</summary>
    public static IReadOnlyList<(string Label, int Value)> VelocityWeeks(IReadOnlyList<WeekCompletions> velocity, DateOnly today)
    {
        if (velocity.Count == 0)
        {
            return [];
        }

        var thisWeek = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var byWeek = velocity.ToDictionary(v => v.WeekStart, v => v.Completed);
        var weeks = new List<(string, int)>();
        for (var week = velocity[0].WeekStart; week <= thisWeek; week = week.AddDays(7))
        {
            weeks.Add((IsoWeek(week), byWeek.GetValueOrDefault(week)));
        }

        return weeks.Count > VelocityWeeksShown ? weeks[^VelocityWeeksShown..] : weeks;
    }

    /// <summary>One bar per whole day from 0 to the longest cycle time (the last bucket, at the cap, is "30+").</summary>
    public static IReadOnlyList<(string Label, int Value)> CycleTimeBars(IReadOnlyList<CycleTimeBucket> buckets)
    {
        if (buckets.Count == 0)
        {
            return [];
        }

        var byDays = buckets.ToDictionary(b => b.Days, b => b.Tasks);
        var last = buckets.Max(b => b.Days);
        return [.. Enumerable.Range(0, last + 1).Select(d => (
            d >= ReportData.CycleTimeCapDays ? $"{d}+ d" : $"{d} d", byDays.GetValueOrDefault(d)))];
    }

    private static string IsoWeek(DateOnly monday) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(monday.ToDateTime(TimeOnly.MinValue)):00}");

    private static string Summary(ForecastReport forecast)
    {
        var whole = forecast.Migration.Outcome;
        return whole.Kind switch
        {
            ForecastKind.Done => "Nothing remains.",
            ForecastKind.NoThroughput => Html.Encode($"{whole.Remaining} tasks remain; no forecast: nothing was completed in the last {forecast.Settings.Weeks} weeks."),
            _ => Html.Encode($"{whole.Remaining} tasks remain; the whole migration completes by {Date(whole, 0, forecast.Today)} (p50), {Date(whole, 1, forecast.Today)} (p85), {Date(whole, 2, forecast.Today)} (p95)."),
        };
    }

    private static void PhaseTable(StringBuilder html, ReportData data)
    {
        var today = data.Today;
        var rows = data.Phases.Select(p =>
        {
            var f = data.Forecast.Phases.FirstOrDefault(x => x.Subject.PhaseNumber == p.PhaseNumber)?.Outcome;
            return new[]
            {
                $"P{p.PhaseNumber}", p.Name, p.Status, f?.Remaining.ToString(CultureInfo.InvariantCulture) ?? "-",
                f is null ? "closed" : Date(f, 0, today), f is null ? "" : Date(f, 1, today), f is null ? "" : Date(f, 2, today),
                p.Score.ToString(CultureInfo.InvariantCulture),
            };
        });
        Table(html, ["phase", "name", "status", "remaining", "p50", "p85", "p95", "risk"], rows);
    }

    private static string Date(ForecastOutcome outcome, int index, DateOnly today) =>
        outcome.DateAt(index, today) is { } date ? Html.Date(date) : outcome.Kind == ForecastKind.NoThroughput ? "no forecast" : "later";

    private static void Section(StringBuilder html, string id, string title, Action body)
    {
        html.Append($"<section id=\"{id}\"><h2>{Html.Encode(title)}</h2>");
        body();
        html.Append("</section>");
    }

    private static void Table(StringBuilder html, string[] headers, IEnumerable<string?[]> rows)
    {
        html.Append("<table><thead><tr>");
        foreach (var header in headers)
        {
            html.Append($"<th>{Html.Encode(header)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append($"<td>{Html.Encode(cell)}</td>");
            }

            html.Append("</tr>");
        }

        if (!any)
        {
            html.Append($"<tr><td colspan=\"{headers.Length}\" class=\"muted\">(none)</td></tr>");
        }

        html.Append("</tbody></table>");
    }
}
