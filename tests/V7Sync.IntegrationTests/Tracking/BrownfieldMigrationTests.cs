using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>The user's database may already hold a file_audit table with its own columns and rows.</summary>
public sealed class BrownfieldMigrationTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private const string SchemaQuery = """
        SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' || COALESCE(column_default, '')
        FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1
        """;

    [Fact]
    public async Task Migrating_Keeps_Existing_File_Audit_Rows_And_Columns_And_Adds_The_V7_Columns()
    {
        // Arrange: a file_audit that predates V7, as the user has it.
        await using var db = await server.CreateDatabaseAsync(migrated: false);
        await db.ExecuteAsync("""
            CREATE TABLE file_audit (
                file_id serial PRIMARY KEY, file_path text NOT NULL, layer integer, owner_team text,
                updated_at timestamp without time zone DEFAULT now());
            INSERT INTO file_audit (file_path, layer, owner_team) VALUES ('src/models/contact.py', 1, 'data'), ('src/api/x.py', 3, 'api')
            """);

        // Act
        await PostgresServer.MigrateAsync(db.ConnectionString);

        // Assert
        var rows = await db.RowsAsync("SELECT file_id, file_path, layer, owner_team, v7_workflow_status, v7_database_enums::text FROM file_audit ORDER BY file_id");
        Assert.Equal(
            [(1, "src/models/contact.py", 1, "data", "pending_assessment", "[]"), (2, "src/api/x.py", 3, "api", "pending_assessment", "[]")],
            rows.Select(r => ((int)r[0]!, (string)r[1]!, (int)r[2]!, (string)r[3]!, (string)r[4]!, (string)r[5]!)));
        await db.ExecuteAsync("UPDATE file_audit SET v7_workflow_status = 'assessed', v7_target_name = 'WF7_V7_L1_1of1_ContactModel.py', v7_impact_score = 8 WHERE file_path LIKE '%contact.py'");
    }

    [Fact]
    public async Task Migrating_A_Second_Time_Changes_Nothing()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync(migrated: false);
        await db.ExecuteAsync("CREATE TABLE file_audit (id serial PRIMARY KEY, file_path text NOT NULL); INSERT INTO file_audit (file_path) VALUES ('a.py')");
        var first = await PostgresServer.MigrateAsync(db.ConnectionString);
        await db.ExecuteAsync("UPDATE v7_migration_workflow SET phase_name = 'Renamed by the conductor' WHERE phase_number = 1");
        var schemaBefore = await db.RowsAsync(SchemaQuery);
        var dataBefore = await db.RowsAsync("SELECT to_jsonb(f)::text FROM file_audit f UNION ALL SELECT to_jsonb(w)::text FROM v7_migration_workflow w");

        // Act
        var second = await PostgresServer.MigrateAsync(db.ConnectionString);

        // Assert
        // Every migration the app ships (each feature adds its own, so the count is read, not hard-coded).
        Assert.Equal(typeof(V7Sync.Tracking.TrackingDbContext).Assembly.GetTypes().Count(t => t.Namespace == "V7Sync.Tracking.Migrations" && t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Migrations.Migration))), first.AppliedMigrations.Count);
        Assert.Equal(7, first.PhasesSeeded);
        Assert.Empty(second.AppliedMigrations);
        Assert.Equal(0, second.PhasesSeeded);
        Assert.Equal(Flatten(schemaBefore), Flatten(await db.RowsAsync(SchemaQuery)));
        Assert.Equal(Flatten(dataBefore),
            Flatten(await db.RowsAsync("SELECT to_jsonb(f)::text FROM file_audit f UNION ALL SELECT to_jsonb(w)::text FROM v7_migration_workflow w")));
    }

    private static List<string> Flatten(List<object?[]> rows) => rows.Select(r => (string)r[0]!).ToList();
}
