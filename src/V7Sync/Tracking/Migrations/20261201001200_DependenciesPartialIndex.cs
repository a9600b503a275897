using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// The dependencies index keeps only the work orders that have dependencies, so moving the status of one that has
/// none writes nothing into it (issue 15: a third of a webhook event's WAL went into GIN's "empty array" key).
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201001200_DependenciesPartialIndex")]
public sealed class DependenciesPartialIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("012_dependencies_partial_index.sql"));
}
