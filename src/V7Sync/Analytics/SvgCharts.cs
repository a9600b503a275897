using System.Text;

namespace V7Sync.Analytics;

/// <summary>
/// The report's inline SVG charts, drawn from the read models as they are: one polyline point per burndown day,
/// one bar per week or per cycle-time day, one segment per non-zero risk part. No script, no external reference.
/// </summary>
internal static class SvgCharts
{
    private const double Width = 560, Left = 44, Right = 16, Top = 14, Bottom = 34;

    public static void Burndown(StringBuilder html, int phase, IReadOnlyList<BurndownDay> days, SubjectForecast? forecast, DateOnly today)
    {
        const double height = 230;
        var start = days[0].Day;
        var last = days[^1].Day > today ? days[^1].Day : today;
        // The forecast may reach years out; the chart shows at most twice the history ahead (at least 8 weeks).
        var horizon = last.AddDays(Math.Max(56, 2 * (last.DayNumber - start.DayNumber)));
        var outcome = forecast?.Outcome;
        var p95 = outcome?.DateAt(2, today);
        var end = p95 is { } d && d > last ? (d < horizon ? d : horizon) : last;
        var span = Math.Max(1, end.DayNumber - start.DayNumber);
        var top = Math.Max(1, days.Max(x => x.Remaining));
        double X(DateOnly day) => Left + ((Width - Left - Right) * (day.DayNumber - start.DayNumber) / span);
        double Y(int tasks) => Top + ((height - Top - Bottom) * (1 - ((double)tasks / top)));

        Open(html, "burndown", height, $"Phase {phase}: tasks remaining by day", $" data-phase=\"{phase}\"");
        Axes(html, height, Html.Date(start), Html.Date(end), top);
        html.Append($"<clipPath id=\"plot-{phase}\"><rect x=\"{Html.Num(Left)}\" y=\"0\" width=\"{Html.Num(Width - Left - Right)}\" height=\"{Html.Num(height)}\"/></clipPath>");
        if (outcome is { Kind: ForecastKind.Forecast } && outcome.DateAt(0, today) is { } p50)
        {
            var remaining = forecast!.Subject.Remaining;
            var far = p95 ?? horizon;
            html.Append($"<g clip-path=\"url(#plot-{phase})\"><polygon class=\"forecast-band\" points=\"{Html.Num(X(today))},{Html.Num(Y(remaining))} {Html.Num(X(p50))},{Html.Num(Y(0))} {Html.Num(X(far))},{Html.Num(Y(0))}\"><title>Forecast: p50 {Html.Date(p50)}, p95 {(p95 is null ? "later" : Html.Date(far))}</title></polygon>");
            if (outcome.DateAt(1, today) is { } p85)
            {
                html.Append($"<line class=\"forecast-p85\" x1=\"{Html.Num(X(today))}\" y1=\"{Html.Num(Y(remaining))}\" x2=\"{Html.Num(X(p85))}\" y2=\"{Html.Num(Y(0))}\"/>");
            }

            html.Append("</g>");
        }

        html.Append($"<line class=\"today\" x1=\"{Html.Num(X(today))}\" y1=\"{Html.Num(Top)}\" x2=\"{Html.Num(X(today))}\" y2=\"{Html.Num(height - Bottom)}\"/>");
        html.Append("<polyline class=\"burndown\" points=\"");
        html.AppendJoin(' ', days.Select(x => $"{Html.Num(X(x.Day))},{Html.Num(Y(x.Remaining))}"));
        html.Append($"\"><title>Remaining tasks, {Html.Date(start)} to {Html.Date(days[^1].Day)}</title></polyline>");
        html.Append("</svg>");
    }

    /// <summary>One bar per value, labelled below at a readable interval; each bar's title gives its label and value.</summary>
    public static void Bars(StringBuilder html, string chart, string title, IReadOnlyList<(string Label, int Value)> bars)
    {
        const double height = 200;
        var top = Math.Max(1, bars.Max(b => b.Value));
        var slot = (Width - Left - Right) / bars.Count;
        var every = (int)Math.Ceiling(bars.Count / 8.0);
        Open(html, chart, height, title, "");
        Axes(html, height, null, null, top);
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var barHeight = (height - Top - Bottom) * value / top;
            var x = Left + (i * slot) + (slot * 0.1);
            html.Append($"<rect class=\"bar\" x=\"{Html.Num(x)}\" y=\"{Html.Num(height - Bottom - barHeight)}\" width=\"{Html.Num(slot * 0.8)}\" height=\"{Html.Num(barHeight)}\"><title>{Html.Encode(label)}: {value}</title></rect>");
            // Every few bars a label, and the last one unless it would run into the one before.
            if (i % every == 0 || (i == bars.Count - 1 && i % every >= every / 2))
            {
                html.Append($"<text class=\"label\" x=\"{Html.Num(x + (slot * 0.4))}\" y=\"{Html.Num(height - Bottom + 14)}\" text-anchor=\"middle\">{Html.Encode(label)}</text>");
            }
        }

        html.Append("</svg>");
    }

    /// <summary>Per phase, its score as stacked segments on a 0-100 track, one colour per part (legend below the chart).</summary>
    public static void Risk(StringBuilder html, IReadOnlyList<PhaseRisk> phases)
    {
        const double row = 28, labelWidth = 150;
        var height = Top + (row * phases.Count) + 8;
        var track = Width - labelWidth - Right - 40;
        Open(html, "risk", height, "Risk score per phase (0-100)", "");
        for (var p = 0; p < phases.Count; p++)
        {
            var phase = phases[p];
            var y = Top + (p * row);
            html.Append($"<g class=\"risk-phase\" data-phase=\"{phase.PhaseNumber}\"><text class=\"label\" x=\"0\" y=\"{Html.Num(y + 15)}\">P{phase.PhaseNumber} {Html.Encode(phase.Name)}</text>");
            html.Append($"<rect class=\"risk-track\" x=\"{Html.Num(labelWidth)}\" y=\"{Html.Num(y + 3)}\" width=\"{Html.Num(track)}\" height=\"18\"/>");
            var x = labelWidth;
            for (var i = 0; i < RiskParts.All.Count; i++)
            {
                if (phase.Points[i] <= 0)
                {
                    continue;
                }

                var w = track * phase.Points[i] / 100.0;
                html.Append($"<rect class=\"risk-part part-{i}\" data-part=\"{RiskParts.All[i].Column}\" x=\"{Html.Num(x)}\" y=\"{Html.Num(y + 3)}\" width=\"{Html.Num(w)}\" height=\"18\"><title>{RiskParts.All[i].Label}: {phase.Points[i]}</title></rect>");
                x += w;
            }

            html.Append($"<text class=\"score\" x=\"{Html.Num(labelWidth + track + 8)}\" y=\"{Html.Num(y + 16)}\">{phase.Score}</text></g>");
        }

        html.Append("</svg>");
    }

    private static void Open(StringBuilder html, string chart, double height, string title, string attributes) =>
        html.Append($"<svg class=\"chart\" data-chart=\"{chart}\"{attributes} viewBox=\"0 0 {Html.Num(Width)} {Html.Num(height)}\" role=\"img\" aria-label=\"{Html.Encode(title)}\"><title>{Html.Encode(title)}</title>");

    private static void Axes(StringBuilder html, double height, string? from, string? to, int top)
    {
        var bottom = height - Bottom;
        html.Append($"<line class=\"axis\" x1=\"{Html.Num(Left)}\" y1=\"{Html.Num(bottom)}\" x2=\"{Html.Num(Width - Right)}\" y2=\"{Html.Num(bottom)}\"/>");
        html.Append($"<line class=\"axis\" x1=\"{Html.Num(Left)}\" y1=\"{Html.Num(Top)}\" x2=\"{Html.Num(Left)}\" y2=\"{Html.Num(bottom)}\"/>");
        html.Append($"<text class=\"label\" x=\"{Html.Num(Left - 6)}\" y=\"{Html.Num(Top + 4)}\" text-anchor=\"end\">{top}</text>");
        html.Append($"<text class=\"label\" x=\"{Html.Num(Left - 6)}\" y=\"{Html.Num(bottom)}\" text-anchor=\"end\">0</text>");
        if (from is not null && to is not null)
        {
            html.Append($"<text class=\"label\" x=\"{Html.Num(Left)}\" y=\"{Html.Num(bottom + 16)}\">{from}</text>");
            html.Append($"<text class=\"label\" x=\"{Html.Num(Width - Right)}\" y=\"{Html.Num(bottom + 16)}\" text-anchor=\"end\">{to}</text>");
        }
    }
}
