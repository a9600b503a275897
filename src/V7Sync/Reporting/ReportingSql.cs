using V7Sync.Tracking.Migrations;

namespace V7Sync.Reporting;

/// <summary>The dashboard's queries, kept as embedded Reporting/Sql/*.sql files like the migrations.</summary>
internal static class ReportingSql
{
    public static string Read(string fileName) => SqlScript.ReadResource($"V7Sync.Reporting.Sql.{fileName}");
}
