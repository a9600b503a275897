using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// The dependencies index keeps only the work orders that have dependencies, so moving the status of one that has
/// none writes nothing into it (issue 15: each such move put an entry under GIN's "empty array" key).
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201001200_DependenciesPartialIndex")]
public sealed class DependenciesPartialIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("012_dependencies_partial_index.sql"));
}
