using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>
/// The command line's contract (README "Operating it"): 0 ok, 1 findings open (`check` only), 2 usage or configuration,
/// 3 a dependency failed; `--help` has no side effects; every invalid setting named before anything connects.
/// </summary>
public sealed class CliContractTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("audit", "--limit", "many")]
    [InlineData("inbox", "replay")]
    [InlineData("dashboard", "--no-such-switch")]
    public async Task A_Usage_Error_Exits_2_With_Its_Reason_On_Stderr(params string[] args)
    {
        var result = await V7SyncProcess.RunAsync(args, new() { ["ConnectionStrings__Tracking"] = "Host=127.0.0.1;Port=1;Timeout=1" });

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}{result.Stdout}");
        Assert.StartsWith("v7sync: ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("migrate")]
    [InlineData("check")]
    [InlineData("sync")]
    [InlineData("audit")]
    [InlineData("dashboard")]
    [InlineData("forecast")]
    [InlineData("report")]
    [InlineData("inbox", "list")]
    [InlineData("inbox", "replay")]
    public async Task Help_Of_A_Verb_Prints_Usage_And_Touches_No_Database(params string[] verb)
    {
        // Arrange: an empty database, which any migration or write would change.
        await using var db = await server.CreateDatabaseAsync(migrated: false);

        // Act
        var result = await V7SyncProcess.RunAsync([.. verb, "--help"], new() { ["ConnectionStrings__Tracking"] = db.ConnectionString });

        // Assert
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT COUNT(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"));
    }

    [Theory]
    [InlineData("webhooks")]
    [InlineData("sync")]
    [InlineData("integrity")]
    [InlineData("analytics")]
    public async Task Help_Of_A_Benchmark_Starts_No_PostgreSQL(string benchmark)
    {
        var result = await V7SyncProcess.RunAsync([benchmark, "--help"], [], dll: RepositoryPaths.BenchDll);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Private PostgreSQL", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Of_The_Demo_Creates_Nothing_In_Its_Folder()
    {
        var folder = Directory.CreateTempSubdirectory("v7sync-demo-help-").FullName;
        try
        {
            var result = await V7SyncProcess.RunAsync(["--help"], [], dll: RepositoryPaths.DemoDll, workingDirectory: folder);

            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains("--pace", result.Stdout, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Run_Names_Every_Invalid_Setting_On_Its_Own_Line_Before_It_Migrates_And_Without_A_Stack_Trace()
    {
        // Arrange: an empty database that run would migrate first (Tracking:MigrateOnStart), and four bad settings.
        await using var db = await server.CreateDatabaseAsync(migrated: false);

        // Act
        var result = await V7SyncProcess.RunAsync(["run"], new()
        {
            ["ConnectionStrings__Tracking"] = db.ConnectionString,
            ["Tracking__MigrateOnStart"] = "true",
            ["Dart__Token"] = "test-token",
            ["Webhooks__Secret"] = "test-secret",
            ["Dart__PollInterval"] = "every minute",
            ["Webhooks__BatchSize"] = "0",
            ["Jobs__StaleCron"] = "daily",
            ["Management__Port"] = "70000",
        });

        // Assert
        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 4, result.Stderr);
        Assert.All(lines, line => Assert.StartsWith("v7sync run: invalid setting: ", line, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Dart:PollInterval is not a valid duration", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Webhooks:BatchSize must be between", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Jobs:StaleCron is not a valid Quartz cron expression", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Management:Port must be between", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task Sync_Against_An_Unreachable_Dart_Prints_A_Handful_Of_Lines_Without_A_Stack_Trace_And_Exits_3()
    {
        // Arrange: logs at appsettings.json's own level (Information), every DART attempt refused, retries quick.
        await using var db = await server.CreateDatabaseAsync();

        // Act
        var result = await V7SyncProcess.RunAsync(["sync"], new()
        {
            ["ConnectionStrings__Tracking"] = db.ConnectionString,
            ["Dart__Token"] = "test-token",
            ["Dart__BaseUrl"] = $"http://127.0.0.1:{V7Sync.Sandbox.LoopbackHost.FreePort()}/api/v0/public",
            ["Dart__RetryBaseDelay"] = "00:00:00.010",
            ["Dart__MaxRetryDelay"] = "00:00:00.050",
            ["Logging__LogLevel__Default"] = "Information",
        });

        // Assert: the DART client's episode (two console lines) and the one clear line on stderr.
        var lines = (result.Stdout + result.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, result.ExitCode);
        Assert.True(lines.Length <= 6, string.Join('\n', lines));
        Assert.StartsWith("v7sync sync: DART could not be reached", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Database_That_Does_Not_Answer_Exits_3()
    {
        var result = await V7SyncProcess.RunAsync(["dashboard"], new() { ["ConnectionStrings__Tracking"] = "Host=127.0.0.1;Port=1;Timeout=2" });

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("v7sync dashboard: the tracking database", result.Stderr, StringComparison.Ordinal);
    }
}
