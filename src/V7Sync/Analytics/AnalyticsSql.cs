using V7Sync.Tracking.Migrations;

namespace V7Sync.Analytics;

/// <summary>The read models' queries, kept as embedded Analytics/Sql/*.sql files like the migrations.</summary>
internal static class AnalyticsSql
{
    public static readonly string ForecastInputs = Read("forecast_inputs.sql");
    public static readonly string ReportRisk = Read("report_risk.sql");
    public static readonly string ReportBurndown = Read("report_burndown.sql");
    public static readonly string ReportVelocity = Read("report_velocity.sql");
    public static readonly string ReportCycleTimes = Read("report_cycle_times.sql");
    public static readonly string ReportFindings = Read("report_findings.sql");
    public static readonly string ReportAudit = Read("report_audit.sql");

    private static string Read(string fileName) => SqlScript.ReadResource($"V7Sync.Analytics.Sql.{fileName}");
}
