using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Sandbox;
using V7Sync.Tracking;

namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server for the integration tests: the one named by $V7SYNC_TEST_PG (an admin connection string),
/// else a throwaway private cluster from the machine's binaries, removed when the tests end. It holds one migrated
/// template database so that every test gets a fresh, migrated database of its own in milliseconds.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "V7SYNC_TEST_PG";

    private readonly string _template = $"v7sync_template_{Guid.NewGuid():N}"[..28];
    private PrivatePostgres? _cluster;
    private string _adminConnectionString = "";

    /// <summary>The private cluster, when the tests started one (null when $V7SYNC_TEST_PG names a server).</summary>
    public PrivatePostgres? Cluster => _cluster;

    public async Task InitializeAsync()
    {
        var named = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(named))
        {
            _cluster = await PrivatePostgres.StartAsync(rootDirectory: null, throwaway: true, CancellationToken.None);
            _adminConnectionString = _cluster.ConnectionString();
        }
        else
        {
            _adminConnectionString = named;
        }

        await ExecuteAsync($"CREATE DATABASE \"{_template}\"");
        await MigrateAsync(ConnectionStringFor(_template));
        // A template cannot be copied while anyone is connected to it.
        NpgsqlConnection.ClearAllPools();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{_template}\" WITH (FORCE)");
    }

    /// <summary>A new database, migrated (a copy of the template) or empty.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(bool migrated = true)
    {
        var name = $"v7sync_test_{Guid.NewGuid():N}"[..30];
        await ExecuteAsync(migrated ? $"CREATE DATABASE \"{name}\" TEMPLATE \"{_template}\"" : $"CREATE DATABASE \"{name}\"");
        return new TestDatabase(this, name, ConnectionStringFor(name));
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = database }.ConnectionString;

    internal async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs the app's own migrator (migrations + phase seed) against a database.</summary>
    internal static async Task<MigrationReport> MigrateAsync(string connectionString, TrackingOptions? options = null)
    {
        await using var db = TestDatabase.CreateContext(connectionString);
        var migrator = new DatabaseMigrator(db, Options.Create(options ?? new TrackingOptions()), NullLogger<DatabaseMigrator>.Instance);
        return await migrator.MigrateAsync(CancellationToken.None);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>Every test that needs PostgreSQL joins this collection: one server for the run, a database per test.</summary>
    public const string Name = "PostgreSQL";
}
