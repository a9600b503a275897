using Microsoft.Extensions.Configuration;
using Npgsql;

namespace V7Sync.Sandbox;

/// <summary>
/// The demo and the benchmarks need no setup: when no tracking database is configured they start a private PostgreSQL
/// (the demo's under .v7sync/ so its data survives a restart, a benchmark's throwaway), create its database and point
/// the configuration at it.
/// </summary>
public sealed class PrivateDatabase : IAsyncDisposable
{
    private const string Database = "v7sync";

    private readonly PrivatePostgres _cluster;

    private PrivateDatabase(PrivatePostgres cluster) => _cluster = cluster;

    /// <summary>
    /// Starts one, sets <paramref name="connectionStringKey"/> to it and prints where it runs ("Private PostgreSQL 15 on
    /// 127.0.0.1:41234 (data in …)"), unless that key already names a database (then returns null and changes nothing).
    /// </summary>
    /// <param name="rootDirectory">Where the cluster lives and is found again on the next run; null = a throwaway one.</param>
    /// <param name="durable">A throwaway cluster with fsync, synchronous_commit and full_page_writes still on (the benchmarks').</param>
    /// <exception cref="InvalidOperationException">PostgreSQL could not be started; the message says why, in one line.</exception>
    public static async Task<PrivateDatabase?> StartUnlessConfiguredAsync(
        IConfigurationManager configuration, string connectionStringKey, string? rootDirectory, CancellationToken cancellationToken, bool durable = false)
    {
        if (!string.IsNullOrWhiteSpace(configuration[connectionStringKey]))
        {
            return null;
        }

        PrivatePostgres cluster;
        try
        {
            cluster = await PrivatePostgres.StartAsync(rootDirectory, throwaway: rootDirectory is null, cancellationToken, durable);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"could not start a private PostgreSQL: {ex.Message}", ex);
        }

        try
        {
            if (!await DatabaseExistsAsync(cluster, Database, cancellationToken))
            {
                await cluster.CreateDatabaseAsync(Database, cancellationToken: cancellationToken);
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        configuration.AddInMemoryCollection(new Dictionary<string, string?> { [connectionStringKey] = cluster.ConnectionString(Database) });
        Console.WriteLine($"Private PostgreSQL {cluster.Version} on 127.0.0.1:{cluster.Port} (data in {cluster.DataDirectory})");
        return new PrivateDatabase(cluster);
    }

    /// <summary>The cluster behind the database (the benchmarks read its server processes' CPU time).</summary>
    public PrivatePostgres Cluster => _cluster;

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    private static async Task<bool> DatabaseExistsAsync(PrivatePostgres cluster, string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        command.Parameters.AddWithValue(name);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }
}
