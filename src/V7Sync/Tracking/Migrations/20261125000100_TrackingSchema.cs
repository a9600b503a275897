using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>The guide's six tables, its rules (statuses, review gate, ordered risks) and its dashboard view.</summary>
/// <remarks>No Down: rolling back a tracking schema is a restore from backup, not a migration.</remarks>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261125000100_TrackingSchema")]
public sealed class TrackingSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("001_tracking_schema.sql"));
}
