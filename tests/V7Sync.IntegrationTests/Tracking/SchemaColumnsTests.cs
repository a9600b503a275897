using Microsoft.EntityFrameworkCore;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>
/// The migrated schema, column by column, as checked in (schema-columns.tsv, captured from the migrations as they
/// are): a change to how the code names or maps columns must never change the database it migrates.
/// </summary>
public sealed class SchemaColumnsTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly string Expected = Path.Combine(RepositoryPaths.Root, "tests", "V7Sync.IntegrationTests", "Tracking", "schema-columns.tsv");

    [Fact]
    public async Task The_Migrated_Columns_Are_The_Checked_In_Ones()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();

        // Act: table, column, type, nullability and default of every column the migrations made, in column order.
        var rows = await db.RowsAsync("""
            SELECT table_schema || '.' || table_name, column_name, data_type || ' ' || udt_name, is_nullable, COALESCE(column_default, '')
            FROM information_schema.columns
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
            ORDER BY table_schema, table_name, ordinal_position
            """);
        var actual = rows.Select(r => string.Join('\t', r.Select(v => (string)v!))).ToList();

        // Assert: on a difference the actual columns are written beside the expectation, to compare or to check in.
        var expected = File.ReadAllLines(Expected);
        if (!expected.SequenceEqual(actual))
        {
            await File.WriteAllLinesAsync(Expected + ".actual", actual);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Every_Column_The_Model_Maps_Is_A_Column_Of_The_Migrated_Schema()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await using var context = db.NewContext();
        var columns = (await db.RowsAsync("SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'"))
            .Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);

        // Act: what EF would name in its SQL, table by table.
        var mapped = context.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => $"{e.GetTableName()}.{p.GetColumnName()}"))
            .ToList();

        // Assert
        Assert.NotEmpty(mapped);
        Assert.All(mapped, column => Assert.Contains(column, columns));
    }
}
