using System.Diagnostics;
using System.Globalization;

namespace V7Sync.Cli;

/// <summary>
/// Progress of a long verb (`sync --full`, `push --backfill`): on an interactive terminal one line rewritten in place
/// (done of total, the rate, the time left); with output redirected, one line at each further 10 % so a log stays
/// short. The verb prints its own summary after <see cref="Complete"/>.
/// </summary>
/// <param name="label">What runs, first on each line: "sync --full".</param>
/// <param name="unit">What is counted, plural: "tasks".</param>
internal sealed class ProgressReporter(TextWriter writer, bool interactive, string label, string unit)
{
    // An interactive line is redrawn at most this often: a fast walk must not spend its time printing.
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(250);

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastDrawn;
    private int _lastDecile;
    private bool _drawnInPlace;

    /// <summary>For the console: interactive unless stdout is redirected.</summary>
    public static ProgressReporter ForConsole(string label, string unit) => new(Console.Out, !Console.IsOutputRedirected, label, unit);

    /// <param name="done">Units done so far.</param>
    /// <param name="total">Units in all, when known (else only the count and rate are shown).</param>
    /// <param name="detail">A few more words, e.g. "12 pages".</param>
    public void Report(long done, long? total, string? detail = null)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        if (interactive)
        {
            if (Stopwatch.GetElapsedTime(_lastDrawn) < RedrawEvery && done != total)
            {
                return;
            }

            _lastDrawn = Stopwatch.GetTimestamp();
            writer.Write($"\r{Line(done, total, detail, elapsed)}\u001b[K");
            writer.Flush();
            _drawnInPlace = true;
            return;
        }

        if (total is not > 0)
        {
            return;
        }

        var decile = (int)Math.Min(10, done * 10 / total.Value);
        if (decile > _lastDecile)
        {
            _lastDecile = decile;
            writer.WriteLine(Line(done, total, detail, elapsed));
        }
    }

    /// <summary>Ends the line drawn in place, so the summary starts on its own line.</summary>
    public void Complete()
    {
        if (_drawnInPlace)
        {
            writer.WriteLine();
            _drawnInPlace = false;
        }
    }

    internal string Line(long done, long? total, string? detail, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var parts = new List<string>
        {
            total is > 0 ? string.Create(CultureInfo.InvariantCulture, $"{done:N0}/{total:N0} {unit} ({Math.Min(100, done * 100 / total.Value)}%)")
                : string.Create(CultureInfo.InvariantCulture, $"{done:N0} {unit}"),
        };
        if (detail is not null)
        {
            parts.Add(detail);
        }

        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rate:N0} {unit}/s"));
        if (total is > 0 && rate > 0 && done < total)
        {
            parts.Add($"{Clock(TimeSpan.FromSeconds((total.Value - done) / rate))} left");
        }

        return $"{label}: {string.Join(", ", parts)}";
    }

    private static string Clock(TimeSpan left) => left.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)left.TotalHours}:{left.Minutes:00}:{left.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{left.Minutes}:{left.Seconds:00}");
}
