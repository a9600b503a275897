using V7Sync.Tracking;

namespace V7Sync.Cli;

/// <summary>
/// `demo` and `bench` need no setup: when no tracking database is configured they start a private PostgreSQL
/// (the demo's under .v7sync/ so its data survives a restart, a benchmark's throwaway) and point the app at it.
/// </summary>
internal sealed class PrivateDatabase : IAsyncDisposable
{
    private readonly PrivatePostgres? _cluster;

    private PrivateDatabase(PrivatePostgres? cluster) => _cluster = cluster;

    public static async Task<PrivateDatabase> StartIfNeededAsync(WebApplicationBuilder builder, string[] args)
    {
        var verb = args.FirstOrDefault(a => !a.StartsWith('-'));
        var configured = !string.IsNullOrWhiteSpace(builder.Configuration[TrackingOptions.ConnectionStringKey]);
        if (configured || verb is not ("demo" or "bench"))
        {
            return new PrivateDatabase(null);
        }

        var demo = verb == "demo";
        var root = demo ? Path.Combine(Directory.GetCurrentDirectory(), ".v7sync", "postgres") : null;
        PrivatePostgres cluster;
        try
        {
            cluster = await PrivatePostgres.StartAsync(root, throwaway: !demo, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            // This runs before the host and the CLI exist, so it keeps their promise itself: one line, non-zero exit.
            Environment.Exit(CliAction.Fail(verb, $"could not start a private PostgreSQL: {ex.Message}", CliAction.DependencyError));
            throw;
        }

        const string database = "v7sync";
        if (!await DatabaseExistsAsync(cluster, database))
        {
            await cluster.CreateDatabaseAsync(database);
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TrackingOptions.ConnectionStringKey] = cluster.ConnectionString(database),
        });
        Console.WriteLine($"Private PostgreSQL {cluster.Version} on 127.0.0.1:{cluster.Port} (data in {cluster.DataDirectory})");
        return new PrivateDatabase(cluster);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private static async Task<bool> DatabaseExistsAsync(PrivatePostgres cluster, string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        command.Parameters.AddWithValue(name);
        return await command.ExecuteScalarAsync() is not null;
    }
}
