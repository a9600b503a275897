using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>The sync-owned tables and views named in design.md: audit, findings, webhook inbox, sync state.</summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261125000200_SyncSchema")]
public sealed class SyncSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("002_sync_schema.sql"));
}
