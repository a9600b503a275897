using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// The status-log trigger looks up the rows a statement moved by key instead of reading the whole of
/// v7_task_status_times (issue 15: its cost grew with the number of tasks, not with the rows moved).
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201001000_StatusLogLookups")]
public sealed class StatusLogLookups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("010_status_log_lookups.sql"));
}
