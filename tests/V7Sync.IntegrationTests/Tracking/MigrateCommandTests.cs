using System.Diagnostics;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>`v7sync migrate` as an operator runs it: the real executable, configured by environment variables.</summary>
public sealed class MigrateCommandTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Migrate_Applies_The_Schema_And_A_Second_Run_Has_Nothing_To_Do()
    {
        await using var db = await server.CreateDatabaseAsync(migrated: false);

        var first = await V7SyncProcess.RunAsync(["migrate"], new() { ["ConnectionStrings__Tracking"] = db.ConnectionString });
        var second = await V7SyncProcess.RunAsync(["migrate"], new() { ["ConnectionStrings__Tracking"] = db.ConnectionString });

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Contains("seeded 7 phase(s)", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("up to date", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(7, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_migration_workflow"));
    }

    [Fact]
    public async Task Migrate_Seeds_The_Phase_Names_Tracking_PhaseNames_Configures()
    {
        await using var db = await server.CreateDatabaseAsync(migrated: false);
        string[] names = ["Scan", "Plan", "Base", "Build", "Verify", "Ship", "Sunset"];
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Tracking"] = db.ConnectionString };
        for (var i = 0; i < names.Length; i++)
        {
            environment[$"Tracking__PhaseNames__{i}"] = names[i];
        }

        var result = await V7SyncProcess.RunAsync(["migrate"], environment);

        Assert.True(result.ExitCode == 0, result.Stderr);
        var seeded = await db.RowsAsync("SELECT phase_name FROM v7_migration_workflow ORDER BY phase_number");
        Assert.Equal(names, seeded.Select(r => (string)r[0]!));
    }

    [Theory]
    [InlineData("", "ConnectionStrings:Tracking is required")]
    [InlineData("Host=127.0.0.1;Bogus Keyword=1", "ConnectionStrings:Tracking is malformed")]
    [InlineData("Host=127.0.0.1;Port=1;Username=postgres;Password=hunter2;Timeout=3", "ConnectionStrings:Tracking")]
    public async Task A_Bad_Connection_String_Exits_Non_Zero_With_One_Line_Naming_The_Setting(string connectionString, string expected)
    {
        var result = await V7SyncProcess.RunAsync(["migrate"], new() { ["ConnectionStrings__Tracking"] = connectionString });

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("v7sync migrate: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>Runs the built v7sync executable (or another app of ours) with the given environment and captures its output.</summary>
public static class V7SyncProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(IEnumerable<string> args, Dictionary<string, string> environment, TimeSpan? timeout = null, string? dll = null,
        string? workingDirectory = null)
    {
        var start = StartInfo(args, environment, dll);
        start.WorkingDirectory = workingDirectory ?? start.WorkingDirectory;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>`dotnet v7sync.dll args…` with the environment given, output redirected, in a neutral folder.</summary>
    /// <param name="dll">Another built app instead of the product, e.g. <see cref="RepositoryPaths.DemoDll"/>.</param>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args, Dictionary<string, string> environment, string? dll = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(dll ?? RepositoryPaths.V7SyncDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Logs go to stdout at Warning and above only, so stderr carries nothing but the verb's own one-line reason.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }
}
