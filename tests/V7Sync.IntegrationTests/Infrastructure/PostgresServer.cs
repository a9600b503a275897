using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Sandbox;
using V7Sync.Tracking;

namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server for the integration tests: the one named by $V7SYNC_TEST_PG (an admin connection string),
/// else a throwaway private cluster from the machine's binaries. It holds one migrated template database so that
/// every test gets a fresh, migrated database of its own in milliseconds.
/// </summary>
/// <remarks>
/// One server serves the whole run. Every test class that needs it takes this fixture (<c>IClassFixture</c>, or
/// <see cref="SerialCollection"/>'s), and every instance reaches the same server: the first to initialise starts
/// it, and <see cref="PostgresTestFramework"/> stops it when the run ends. Test classes run in parallel; each
/// test's own database keeps it from seeing another's data.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "V7SYNC_TEST_PG";

    private static readonly Lazy<Task<SharedServer>> Shared = new(() => Task.Run(SharedServer.StartAsync));

    private SharedServer _server = null!;

    /// <summary>The private cluster, when the tests started one (null when $V7SYNC_TEST_PG names a server).</summary>
    public PrivatePostgres? Cluster => _server.Cluster;

    public async Task InitializeAsync() => _server = await Shared.Value;

    /// <summary>Nothing to do per class: the server outlives every class and stops with the run.</summary>
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Stops the shared server (a private cluster) or drops its template (a named server), if it was started.</summary>
    internal static async Task StopSharedAsync()
    {
        if (Shared.IsValueCreated)
        {
            await (await Shared.Value).DisposeAsync();
        }
    }

    /// <summary>A new database, migrated (a copy of the template) or empty.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(bool migrated = true)
    {
        var name = $"v7sync_test_{Guid.NewGuid():N}"[..30];
        await ExecuteAsync(migrated ? $"CREATE DATABASE \"{name}\" TEMPLATE \"{_server.Template}\"" : $"CREATE DATABASE \"{name}\"");
        return new TestDatabase(this, name, ConnectionStringFor(name));
    }

    /// <summary>
    /// A new migrated database that commits synchronously, as a production one does (the test cluster itself runs
    /// with synchronous commit off): for tests of what a commit waits for and what a crash keeps.
    /// </summary>
    public async Task<TestDatabase> CreateDurableDatabaseAsync()
    {
        var db = await CreateDatabaseAsync();
        await db.ExecuteAsync($"ALTER DATABASE \"{db.Name}\" SET synchronous_commit = on");
        // Only sessions opened from now on take it: the pooled one that ran the ALTER goes.
        using (var pooled = new NpgsqlConnection(db.ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        return db;
    }

    public string ConnectionStringFor(string database) => _server.ConnectionStringFor(database);

    internal Task ExecuteAsync(string sql) => _server.ExecuteAsync(sql);

    /// <summary>Runs the app's own migrator (migrations + phase seed) against a database.</summary>
    internal static async Task<MigrationReport> MigrateAsync(string connectionString, TrackingOptions? options = null)
    {
        await using var db = TestDatabase.CreateContext(connectionString);
        var migrator = new DatabaseMigrator(db, Options.Create(options ?? new TrackingOptions()), NullLogger<DatabaseMigrator>.Instance);
        return await migrator.MigrateAsync(CancellationToken.None);
    }

    /// <summary>The server itself, started once per run.</summary>
    private sealed class SharedServer(PrivatePostgres? cluster, string adminConnectionString) : IAsyncDisposable
    {
        public PrivatePostgres? Cluster => cluster;

        public string Template { get; } = $"v7sync_template_{Guid.NewGuid():N}"[..28];

        public static async Task<SharedServer> StartAsync()
        {
            var named = Environment.GetEnvironmentVariable(EnvironmentVariable);
            var cluster = string.IsNullOrWhiteSpace(named)
                ? await PrivatePostgres.StartAsync(rootDirectory: null, throwaway: true, CancellationToken.None)
                : null;
            var server = new SharedServer(cluster, cluster?.ConnectionString() ?? named!);
            await server.ExecuteAsync($"CREATE DATABASE \"{server.Template}\"");
            var template = server.ConnectionStringFor(server.Template);
            await MigrateAsync(template);
            // A template cannot be copied while anyone is connected to it.
            ClearPool(template);
            return server;
        }

        public string ConnectionStringFor(string database) =>
            new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database }.ConnectionString;

        public async Task ExecuteAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
                return;
            }

            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{Template}\" WITH (FORCE)");
        }
    }

    /// <summary>Closes the pooled connections of one connection string only: the other tests' pools stay as they are.</summary>
    internal static void ClearPool(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }
}
