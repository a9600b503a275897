namespace V7Sync.Analytics;

/// <summary>How a Monte Carlo forecast is run: weeks of throughput history, trials, and the seed (null: a fresh one).</summary>
internal sealed record ForecastSettings(int Weeks = ForecastSettings.DefaultWeeks, int Trials = MonteCarloForecast.DefaultTrials, int? Seed = null)
{
    /// <summary>Eight weeks: enough draws for a spread, recent enough to be the team's current pace.</summary>
    public const int DefaultWeeks = 8;

    /// <summary>v7_phase_forecast keeps 26 weeks of completions (completions_by_week).</summary>
    public const int MaxWeeks = 26;

    public const int MaxTrials = 1_000_000;
}

/// <summary>What is forecast: an open phase (or, with no phase number, the whole migration) and its inputs.</summary>
internal sealed record ForecastSubject(int? PhaseNumber, string Name, int Remaining, IReadOnlyList<int> WeeklyCompletions);

/// <summary>One subject's forecast.</summary>
internal sealed record SubjectForecast(ForecastSubject Subject, ForecastOutcome Outcome);

/// <summary>Every open phase's forecast and the whole migration's, as of <see cref="Now"/>.</summary>
internal sealed record ForecastReport(DateTimeOffset Now, ForecastSettings Settings, int Seed, IReadOnlyList<SubjectForecast> Phases, SubjectForecast Migration)
{
    public DateOnly Today => AnalyticsSession.Today(Now);
}
