using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// What is due in the inbox moves to a narrow table kept by trigger, so the inbox's claim and outcome are HOT updates
/// that add no index entries (issue 15).
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201001300_InboxDueRows")]
public sealed class InboxDueRows : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("013_inbox_queue.sql"));
}
