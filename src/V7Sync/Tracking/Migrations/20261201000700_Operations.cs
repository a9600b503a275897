using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>Operations: superseded inbox rows, claim tokens, prunable raw bodies (issue 13).</summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201000700_Operations")]
public sealed class Operations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("007_operations.sql"));
}
