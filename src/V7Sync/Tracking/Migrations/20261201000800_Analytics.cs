using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// The conductor's analytics (guide §10.2, §10.3): the status log its triggers keep (backfilled from the audit log
/// for the tasks that exist) and the cycle-time, velocity, burndown, forecast and risk views that read it.
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201000800_Analytics")]
public sealed class Analytics : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("008_analytics.sql"));
}
