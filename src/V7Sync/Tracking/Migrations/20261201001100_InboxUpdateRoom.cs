using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// Inbox pages filled to under a third, so a row's claim and outcome stay on its page and log only what changed
/// (issue 15: less WAL for every acknowledgement's flush to write).
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201001100_InboxUpdateRoom")]
public sealed class InboxUpdateRoom : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("011_inbox_update_room.sql"));
}
