using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// The outbox trigger finds the dependants of a statement's links through the dependencies index as one array, not by
/// reading the work orders whole for each page the sync links (issue 15).
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201001400_OutboxDependantsLookup")]
public sealed class OutboxDependantsLookup : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("014_outbox_dependants_lookup.sql"));
}
