using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// The conductor → DART direction: dart_outbox, the triggers that capture every conductor write to the plan into it
/// (V7Sync's own writes excluded), and status_origin, which tells the conductor's status decisions from DART's moves.
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201000500_Outbox")]
public sealed class Outbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("005_outbox.sql"));
}
