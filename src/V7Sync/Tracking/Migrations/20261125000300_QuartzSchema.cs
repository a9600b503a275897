using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>Quartz 4.7.3's job store tables in schema <c>quartz</c>, so that replicas share one clustered schedule.</summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261125000300_QuartzSchema")]
public sealed class QuartzSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("003_quartz_schema.sql"));
}
