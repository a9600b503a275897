using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace V7Sync.Tracking.Migrations;

/// <summary>
/// The inbox's body-hash index holds only the deliveries without a dedupe key: one with a key is stored once by it
/// already, and the key is read from the body (issue 15).
/// </summary>
[DbContext(typeof(TrackingDbContext))]
[Migration("20261201001500_InboxBodyHashUnkeyed")]
public sealed class InboxBodyHashUnkeyed : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(SqlScript.Read("015_inbox_body_hash_unkeyed.sql"));
}
