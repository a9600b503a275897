namespace V7Sync.Analytics;

/// <summary>The scheduled HTML report (section <c>Report</c>); with no cron the worker writes none.</summary>
public sealed class ReportOptions
{
    public const string Section = "Report";

    /// <summary>The .html file the worker writes (and `v7sync report` without --out).</summary>
    public string? Path { get; set; }

    /// <summary>Quartz cron (seconds first, UTC) of ReportJob; empty: no scheduled report.</summary>
    public string? Cron { get; set; }
}
