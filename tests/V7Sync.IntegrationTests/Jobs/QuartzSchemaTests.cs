using System.Text.RegularExpressions;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>Migration 003 creates exactly the job store the pinned Quartz (4.7.3) creates for itself on PostgreSQL.</summary>
public sealed class QuartzSchemaTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private const string Columns = """
        SELECT table_name, column_name, data_type, is_nullable, coalesce(character_maximum_length, 0), coalesce(column_default, '')
        FROM information_schema.columns WHERE table_schema = $1 ORDER BY 1, 2
        """;

    private const string Indexes = "SELECT indexname, replace(indexdef, $1 || '.', '') FROM pg_indexes WHERE schemaname = $1 ORDER BY 1";

    [Fact]
    public async Task The_Quartz_Schema_Matches_The_Script_Quartz_Embeds_Column_For_Column()
    {
        // Arrange: Quartz's own script (what SchemaProvisioning.CreateIfMissing runs) in a schema of its own
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE SCHEMA quartz_reference");
        // Quartz separates its statements with a line reading exactly "--;;".
        foreach (var statement in Regex.Split(QuartzScript(), @"^--;;\r?$", RegexOptions.Multiline).Where(s => s.Contains("CREATE", StringComparison.Ordinal)))
        {
            await db.ExecuteAsync(statement.Replace("{0}", "quartz_reference.qrtz_", StringComparison.Ordinal).Replace("{1}", "qrtz_", StringComparison.Ordinal));
        }

        // Act
        var ours = await RowsAsync(db, Columns, "quartz");
        var theirs = await RowsAsync(db, Columns, "quartz_reference");

        // Assert
        Assert.NotEmpty(ours);
        Assert.Equal(theirs, ours);
        Assert.Equal(await RowsAsync(db, Indexes, "quartz_reference"), await RowsAsync(db, Indexes, "quartz"));
    }

    private static string QuartzScript()
    {
        using var stream = typeof(Quartz.IJob).Assembly.GetManifestResourceStream("Quartz.Impl.AdoJobStore.Schema.create_postgres.sql")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task<List<string>> RowsAsync(TestDatabase db, string sql, string schema)
    {
        await using var connection = await db.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(schema);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
        }

        return rows;
    }
}
