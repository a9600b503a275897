using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;
using V7Sync.IntegrationTests.Cli;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Demo;

/// <summary>The demo's private PostgreSQL under .v7sync/: the README's first command, and a restart after a hard kill.</summary>
public sealed partial class PrivateDatabaseTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("v7sync-demo-");

    public PrivateDatabaseTests()
    {
        if (!OperatingSystem.IsWindows())
        {
            // When the tests run as root the cluster belongs to the postgres user, who must be able to reach its folder.
            File.SetUnixFileMode(_folder.FullName, (UnixFileMode)0b111_101_101);
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task A_Server_Left_Running_By_A_Hard_Kill_Is_Stopped_And_The_Next_Start_Works()
    {
        // Arrange: a run that never disposed its cluster (kill -9) leaves the server up on the data folder.
        var root = Path.Combine(_folder.FullName, "postgres");
        var killed = await PrivatePostgres.StartAsync(root, throwaway: false, CancellationToken.None);
        await ExecuteAsync(killed.ConnectionString(), "CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");

        // Act
        await using var next = await PrivatePostgres.StartAsync(root, throwaway: false, CancellationToken.None);

        // Assert: the new server has the data; the old one no longer listens.
        Assert.Equal(7, await ExecuteAsync(next.ConnectionString(), "SELECT id FROM kept"));
        Assert.False(await ListensAsync(killed.Port == next.Port ? -1 : killed.Port));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // PostgreSQL's OS user and Unix modes
    public async Task As_Root_A_Folder_The_Postgres_User_Cannot_Reach_Gets_A_Reachable_Stand_In()
    {
        // Arrange: a checkout under root's home (mode 700), which the postgres OS user cannot pass through.
        var locked = Directory.CreateDirectory(Path.Combine(_folder.FullName, "root-home"));
        File.SetUnixFileMode(locked.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var wanted = Path.Combine(locked.FullName, "checkout", ".v7sync", "postgres");

        // Act
        await using var cluster = await PrivatePostgres.StartAsync(wanted, throwaway: true, CancellationToken.None);

        // Assert: the server runs; as root (CI, this machine) its data lives outside the locked folder.
        Assert.Equal(1, await ExecuteAsync(cluster.ConnectionString(), "SELECT 1"));
        Assert.Equal(
            Environment.IsPrivilegedProcess,
            !cluster.DataDirectory.StartsWith(locked.FullName + Path.DirectorySeparatorChar, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_With_No_Settings_Starts_Its_Own_PostgreSQL_Under_The_Working_Folder_And_Stops_It()
    {
        // Arrange: the README's first command (the demo app, in a folder of the test's own rather than its project
        // folder), with no connection string (empty overrides one the environment may set).
        using var demo = RunningV7Sync.Start(["--pace", "0.5"], new() { ["ConnectionStrings__Tracking"] = "" }, _folder.FullName, RepositoryPaths.DemoDll);

        // Act
        foreach (var action in new[] { "task_linked", "status_changed", "deliverable_added" })
        {
            await demo.WaitForLineAsync(l => AuditLine(action).IsMatch(l), TimeSpan.FromSeconds(75), $"a {action} audit line");
        }

        await demo.StopAsync("INT", TimeSpan.FromSeconds(30)); // Ctrl-C

        // Assert
        Assert.True(demo.ExitCode == 0, demo.Text);
        var started = demo.Output.Select(l => PrivateServerLine().Match(l)).Single(m => m.Success);
        var data = Path.Combine(_folder.FullName, ".v7sync", "postgres", "data");
        Assert.Equal(data, started.Groups["data"].Value);
        Assert.True(File.Exists(Path.Combine(data, "PG_VERSION")));
        Assert.False(File.Exists(Path.Combine(data, "postmaster.pid")), "the private server is still running");
        Assert.False(await ListensAsync(int.Parse(started.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static Regex AuditLine(string action) => new($@"^V7Sync  \d\d:\d\d:\d\d  \w+\s+{action}\s");

    [GeneratedRegex(@"^Private PostgreSQL \S+ on 127\.0\.0\.1:(?<port>\d+) \(data in (?<data>.+)\)$")]
    private static partial Regex PrivateServerLine();

    private static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is int value ? value : 0;
    }

    private static async Task<bool> ListensAsync(int port)
    {
        if (port < 0)
        {
            return false;
        }

        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
