using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using V7Sync.Tracking;

namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>One test's own database; dropped when the test ends, so no test sees another's data.</summary>
public sealed class TestDatabase(PostgresServer server, string name, string connectionString) : IAsyncDisposable
{
    public string Name => name;

    public string ConnectionString => connectionString;

    public TrackingDbContext NewContext() => CreateContext(connectionString);

    public static TrackingDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<TrackingDbContext>()
            .UseNpgsql(connectionString)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options);

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Every row version of every table in this database (table, ctid, xmin): any insert, update (even to the same
    /// values) or delete changes it. Unlike transaction ids, it sees only this database, not the tests beside it.
    /// </summary>
    public async Task<List<string>> RowVersionsAsync()
    {
        var tables = await RowsAsync("""
            SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
            WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
            """);
        var versions = new List<string>();
        foreach (var table in tables.Select(t => (string)t[0]!))
        {
            var rows = await RowsAsync($"SELECT ctid::text || '@' || xmin::text FROM {table} ORDER BY ctid");
            versions.AddRange(rows.Select(r => $"{table} {r[0]}"));
        }

        return versions;
    }

    public async ValueTask DisposeAsync()
    {
        PostgresServer.ClearPool(connectionString);
        await server.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }
}
