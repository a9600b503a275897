using Npgsql;
using V7Sync.Cli;
using V7Sync.Hosting;
using V7Sync.Sandbox;
using V7Sync.Tracking;

namespace V7Sync.Bench;

/// <summary>
/// The real V7Sync host for one benchmark, composed as the product composes it, with the benchmark's settings put in
/// before the features read them; on a throwaway private PostgreSQL unless ConnectionStrings:Tracking names a database,
/// migrated.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly PrivateDatabase? _database;

    private BenchHost(WebApplication app, PrivateDatabase? database)
    {
        App = app;
        _database = database;
    }

    public WebApplication App { get; }

    /// <summary>The private cluster's postmaster, null when ConnectionStrings:Tracking named a database of its own.</summary>
    public int? PostgresProcessId => _database?.Cluster.ServerProcessId;

    /// <returns>The host, not started; null (the reason printed as one line) when PostgreSQL cannot start.</returns>
    /// <remarks>Other failures (the database refuses, the migration fails) are thrown, for <see cref="CliAction"/> to report.</remarks>
    public static async Task<BenchHost?> TryCreateAsync(string verb, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        // No watch on the working directory for a changed appsettings.json: run from /tmp, where the private cluster
        // keeps its data, the watcher woke on every WAL write (a second of CPU in a full sync's measured minute).
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false"]);
        PrivateDatabase? database;
        try
        {
            database = await PrivateDatabase.StartUnlessConfiguredAsync(builder.Configuration, TrackingOptions.ConnectionStringKey, rootDirectory: null, cancellationToken, durable: true);
        }
        catch (InvalidOperationException ex)
        {
            CliAction.Fail(verb, ex.Message, CliAction.DependencyError);
            return null;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        // A management port of its own, so a benchmark runs beside a v7sync or a demo on the default 9464.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ManagementOptions.PortKey] = LoopbackHost.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var host = new BenchHost(builder.AddV7Sync().Build().MapV7Sync(), database);
        try
        {
            await using var scope = host.App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>A benchmark writes work orders of its own: never into a database that holds anyone's.</summary>
    public async Task<bool> HasNoWorkOrdersAsync(CancellationToken cancellationToken)
    {
        await using var command = App.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT COUNT(*) FROM v7_subworkflow_tasks");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 0;
    }

    /// <summary>pg_stat_statements in the bench's own cluster (<see cref="StatementUsage.TryEnableAsync"/>); false on anyone else's.</summary>
    public async Task<bool> TryEnableStatementStatisticsAsync(CancellationToken cancellationToken) =>
        _database is not null
        && await StatementUsage.TryEnableAsync(_database.Cluster, App.Services.GetRequiredService<NpgsqlDataSource>(), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
