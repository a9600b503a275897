using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// The dependencies index without GIN's pending list, so the outbox trigger's per-row lookup of dependent work orders
/// stays a tree descent however many rows were written since the last vacuum (issue 15: most of a first full sync's
/// apply time).
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201000900_DependenciesIndex")]
public sealed class DependenciesIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("009_dependencies_index.sql"));
}
