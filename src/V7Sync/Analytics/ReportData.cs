namespace V7Sync.Analytics;

/// <summary>Everything the HTML report shows, read in one snapshot as of <see cref="Now"/>.</summary>
internal sealed record ReportData(
    DateTimeOffset Now,
    IReadOnlyList<PhaseRisk> Phases,
    IReadOnlyList<BurndownDay> Burndown,
    IReadOnlyList<WeekCompletions> Velocity,
    IReadOnlyList<CycleTimeBucket> CycleTimes,
    int OpenFindings,
    IReadOnlyList<ReportFinding> Findings,
    IReadOnlyList<ReportAuditRow> Audit,
    ForecastReport Forecast)
{
    public const int AuditRowsShown = 50;
    public const int FindingsShown = 100;

    /// <summary>Cycle times of this many days and more share the last bar.</summary>
    public const int CycleTimeCapDays = 30;

    public DateOnly Today => AnalyticsSession.Today(Now);
}

/// <summary>A phase's risk score and its parts' points, in <see cref="RiskParts.All"/> order (v7_phase_risk).</summary>
internal sealed record PhaseRisk(int PhaseNumber, string Name, string Status, int Score, IReadOnlyList<int> Points);

internal sealed record BurndownDay(int PhaseNumber, DateOnly Day, int Remaining, int Total);

internal sealed record WeekCompletions(DateOnly WeekStart, string IsoWeek, int Completed);

/// <summary>Completed tasks whose cycle time is <see cref="Days"/> whole days (the last bucket: that many and more).</summary>
internal sealed record CycleTimeBucket(int Days, int Tasks);

internal sealed record ReportFinding(string Rule, string? WorkOrder, string? TaskName, string Message, DateTimeOffset FirstSeenAt);

internal sealed record ReportAuditRow(DateTimeOffset OccurredAt, string Source, string Action, string? WorkOrder, string? TaskName,
    string? Field, string? OldValue, string? NewValue);

/// <summary>The parts of v7_phase_risk's score, by column, with the label the report and the dashboard print.</summary>
internal static class RiskParts
{
    public static readonly IReadOnlyList<(string Column, string Label)> All =
    [
        ("enum_points", "ENUM migrations"),
        ("impact_points", "global impacts"),
        ("blocker_points", "phase blockers"),
        ("blocked_points", "blocked tasks"),
        ("stale_points", "stale tasks"),
        ("test_points", "tests"),
        ("finding_points", "open findings"),
        ("slip_points", "forecast slip"),
    ];
}
