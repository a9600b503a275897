namespace V7Sync.Analytics;

/// <summary>
/// The Monte Carlo completion forecast (README, "Forecast"): each trial replays weeks drawn at random, with
/// replacement, from the recent weekly completion counts until the remaining tasks are done; the last week counts
/// only the days its share of tasks takes. The p50/p85/p95 of the trials' day counts are the dates to quote.
/// Pure: the draws come from the <see cref="Random"/> passed in, so a seed gives the same answer every time.
/// </summary>
internal static class MonteCarloForecast
{
    public const int DefaultTrials = 10_000;

    /// <summary>A trial that has not finished in ten years stops there and counts as "later than that".</summary>
    public const int HorizonWeeks = 520;

    public static readonly double[] Percentiles = [0.50, 0.85, 0.95];

    public static ForecastOutcome Run(int remaining, IReadOnlyList<int> weeklyCompletions, int trials, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        if (remaining <= 0)
        {
            return new ForecastOutcome(ForecastKind.Done, 0, [0, 0, 0]);
        }

        if (weeklyCompletions.Count == 0 || weeklyCompletions.All(w => w <= 0))
        {
            return new ForecastOutcome(ForecastKind.NoThroughput, remaining, [null, null, null]);
        }

        var days = new int[trials];
        for (var t = 0; t < trials; t++)
        {
            days[t] = Trial(remaining, weeklyCompletions, random);
        }

        Array.Sort(days);
        return new ForecastOutcome(ForecastKind.Forecast, remaining, [.. Percentiles.Select(p => AtRank(days, p))]);
    }

    /// <summary>Days until done in one trial, or int.MaxValue past the horizon.</summary>
    private static int Trial(int remaining, IReadOnlyList<int> weeklyCompletions, Random random)
    {
        var left = remaining;
        for (var week = 0; week < HorizonWeeks; week++)
        {
            var done = Math.Max(0, weeklyCompletions[random.Next(weeklyCompletions.Count)]);
            if (done >= left)
            {
                // The week that finishes: its share of seven days, rounded up to a whole day.
                return (week * 7) + (((7 * left) + done - 1) / done);
            }

            left -= done;
        }

        return int.MaxValue;
    }

    /// <summary>Nearest rank: the smallest value that at least p of the trials do not exceed; null past the horizon.</summary>
    private static int? AtRank(int[] sorted, double p)
    {
        var value = sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return value == int.MaxValue ? null : value;
    }
}

internal enum ForecastKind
{
    /// <summary>Nothing remains: done today.</summary>
    Done,

    /// <summary>Dates from the trials.</summary>
    Forecast,

    /// <summary>Nothing was completed in the weeks looked at: no forecast can be made.</summary>
    NoThroughput,
}

/// <summary>
/// One forecast: days from today at p50, p85 and p95 (in <see cref="MonteCarloForecast.Percentiles"/> order), null
/// where there is no forecast or the trials ran past the horizon.
/// </summary>
internal sealed record ForecastOutcome(ForecastKind Kind, int Remaining, IReadOnlyList<int?> Days)
{
    public int? P50Days => Days[0];

    public int? P85Days => Days[1];

    public int? P95Days => Days[2];

    public DateOnly? DateAt(int index, DateOnly today) => Days[index] is { } days ? today.AddDays(days) : null;
}
