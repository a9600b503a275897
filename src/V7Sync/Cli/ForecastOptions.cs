using System.CommandLine;
using V7Sync.Analytics;

namespace V7Sync.Cli;

/// <summary>The Monte Carlo switches `forecast` and `report` share: --weeks, --trials, --seed, each checked once here.</summary>
internal sealed class ForecastOptions
{
    public Option<int> Weeks { get; } = new("--weeks")
    {
        Description = "Weeks of throughput history to draw from.",
        DefaultValueFactory = _ => ForecastSettings.DefaultWeeks,
    };

    public Option<int> Trials { get; } = new("--trials")
    {
        Description = "Monte Carlo trials per forecast.",
        DefaultValueFactory = _ => MonteCarloForecast.DefaultTrials,
    };

    public Option<int?> Seed { get; } = new("--seed") { Description = "Seed for the random draws (the same seed gives the same dates)." };

    /// <summary>Why <see cref="Read"/> returned null.</summary>
    public string? Error { get; private set; }

    public ForecastSettings? Read(ParseResult parseResult)
    {
        var weeks = parseResult.GetValue(Weeks);
        var trials = parseResult.GetValue(Trials);
        Error = weeks < 1 || weeks > ForecastSettings.MaxWeeks ? $"--weeks must be between 1 and {ForecastSettings.MaxWeeks} (was {weeks})"
            : trials < 1 || trials > ForecastSettings.MaxTrials ? $"--trials must be between 1 and {ForecastSettings.MaxTrials:N0} (was {trials})"
            : null;
        return Error is null ? new ForecastSettings(weeks, trials, parseResult.GetValue(Seed)) : null;
    }
}
