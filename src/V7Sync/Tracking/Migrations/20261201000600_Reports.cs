using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// Reports filed in DART become deliverables: DART's assignees on the work order, what was seen of the report
/// folders, comment links waiting for their task to link, and the view of each phase's deliverables.
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201000600_Reports")]
public sealed class Reports : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("006_reports.sql"));
}
