using Npgsql;

namespace V7Sync.Sandbox;

/// <summary>
/// A private PostgreSQL cluster started from the machine's server binaries, for the tests, the demo and the benchmarks.
/// </summary>
/// <remarks>
/// It listens on 127.0.0.1 only, on a free port, with trust authentication for the local `postgres` role.
/// PostgreSQL refuses to run as root, so when this process is root the cluster belongs to the `postgres` OS user
/// and every server command runs through `runuser -u postgres --`. The binaries are found in $V7SYNC_PG_BIN,
/// else the newest /usr/lib/postgresql/*/bin, else on PATH.
/// </remarks>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string OsUser = ServerProcess.OsUser;

    private readonly string _binDirectory;
    private readonly string _rootDirectory;
    private readonly bool _removeOnDispose;
    private readonly bool _runAsPostgres;
    private readonly bool _durable;
    private bool _stopped;

    private PrivatePostgres(string binDirectory, string rootDirectory, bool removeOnDispose, bool runAsPostgres, bool durable)
    {
        _binDirectory = binDirectory;
        _rootDirectory = rootDirectory;
        _removeOnDispose = removeOnDispose;
        _runAsPostgres = runAsPostgres;
        _durable = durable;
    }

    public int Port { get; private set; }

    public string DataDirectory => Path.Combine(_rootDirectory, "data");

    /// <summary>The postmaster's process id (first line of postmaster.pid); its children are the server's other processes.</summary>
    public int ServerProcessId => int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    public string Version => File.ReadAllText(Path.Combine(DataDirectory, "PG_VERSION")).Trim();

    /// <summary>Connection string for a database on this cluster, as the superuser.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = OsUser,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Starts a cluster under <paramref name="rootDirectory"/> (a fresh temporary folder when null). An existing
    /// cluster there is reused, which is how the demo keeps its data between runs.
    /// </summary>
    /// <param name="throwaway">Delete the folder on dispose and, unless <paramref name="durable"/>, trade durability for speed (fsync off).</param>
    /// <param name="durable">Keep fsync, synchronous_commit and full_page_writes on even for a throwaway cluster: the benchmarks' figures must come from a server that makes commits durable.</param>
    public static async Task<PrivatePostgres> StartAsync(string? rootDirectory, bool throwaway, CancellationToken cancellationToken, bool durable = false)
    {
        var bin = PostgresBinaries.Find();
        var root = Path.GetFullPath(rootDirectory ?? Path.Combine(Path.GetTempPath(), $"v7sync-pg-{Guid.NewGuid():N}"[..22]));
        var runAsPostgres = Environment.IsPrivilegedProcess;
        if (runAsPostgres && !ClusterFolder.OthersCanTraverse(root))
        {
            root = ClusterFolder.ReachableStandIn(root);
        }

        var cluster = new PrivatePostgres(bin, root, removeOnDispose: throwaway, runAsPostgres, durable: durable || !throwaway);
        try
        {
            await cluster.InitializeAsync(cancellationToken);
            await cluster.StopLeftoverServerAsync(cancellationToken);
            await cluster.StartServerAsync(cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a database, optionally as a copy of a template database (fast: a file copy).</summary>
    public async Task CreateDatabaseAsync(string name, string? template = null, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        var sql = template is null
            ? $"CREATE DATABASE \"{name}\""
            : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stops the server (used by tests that prove behaviour while the database is down).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await RunServerCommandAsync("pg_ctl", ["-D", DataDirectory, "-m", _removeOnDispose ? "immediate" : "fast", "-w", "stop"], cancellationToken);
        _stopped = true;
    }

    /// <summary>Starts the server again on the same port after <see cref="StopAsync"/>.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped)
        {
            await LaunchAsync(Port, cancellationToken);
            _stopped = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(DataDirectory) && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone; nothing left to stop.
            }
        }

        if (_removeOnDispose && Directory.Exists(_rootDirectory))
        {
            Directory.Delete(_rootDirectory, recursive: true);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_rootDirectory);
        if (_runAsPostgres)
        {
            // Only the postgres OS user may own a cluster's files; the root folder holds the data and the socket.
            await ServerProcess.RunAsync("chown", [$"{OsUser}:{OsUser}", _rootDirectory], asPostgres: false, cancellationToken);
        }

        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        List<string> args = ["-D", DataDirectory, "-U", OsUser, "-A", "trust", "-E", "UTF8", "--no-locale"];
        if (!_durable)
        {
            args.Add("--no-sync");
        }

        await RunServerCommandAsync("initdb", args, cancellationToken);
    }

    /// <summary>
    /// A run killed hard (kill -9, a closed terminal) leaves its server up, and `pg_ctl start` would refuse the data
    /// folder ("another server might be running"). That server is ours, so stop it; a stale postmaster.pid with no
    /// server behind it is left to `pg_ctl start`, which handles it.
    /// </summary>
    private async Task StopLeftoverServerAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return;
        }

        // pg_ctl status: 0 when a server runs from this data folder, 3 when none does.
        if (await RunServerCommandAsync("pg_ctl", ["-D", DataDirectory, "status"], cancellationToken, check: false) == 0)
        {
            await RunServerCommandAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], cancellationToken);
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        // A free port can be taken between the probe and the server's bind; try a few before giving up.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LaunchAsync(LoopbackHost.FreePort(), cancellationToken);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
    }

    private async Task LaunchAsync(int port, CancellationToken cancellationToken)
    {
        var settings = new List<string>
        {
            $"-c port={port}",
            "-c listen_addresses=127.0.0.1",
            $"-c unix_socket_directories='{_rootDirectory}'",
            "-c max_connections=200",
        };
        if (!_durable)
        {
            settings.AddRange(["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]);
        }

        await RunServerCommandAsync(
            "pg_ctl",
            ["-D", DataDirectory, "-l", Path.Combine(_rootDirectory, "postgres.log"), "-w", "-t", "60", "-o", string.Join(' ', settings), "start"],
            cancellationToken);
        Port = port;
    }

    private Task<int> RunServerCommandAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken, bool check = true) =>
        ServerProcess.RunAsync(Path.Combine(_binDirectory, tool), args, _runAsPostgres, cancellationToken, check);
}
