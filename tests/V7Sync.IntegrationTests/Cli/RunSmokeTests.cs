using System.Diagnostics;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>
/// The container's life in one test: `v7sync run` with only the three secrets (and a DART sandbox as the base URL),
/// its HEALTHCHECK (`v7sync healthcheck`) turning healthy, and a clean exit on SIGTERM (`docker stop`).
/// </summary>
public sealed class RunSmokeTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Run_With_The_Three_Secrets_Becomes_Healthy_And_Stops_Cleanly_On_Sigterm()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync(migrated: false);
        await using var dart = await DartSandbox.StartAsync();
        var port = LoopbackHost.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Tracking"] = db.ConnectionString,
            ["Dart__Token"] = dart.Token,
            ["Webhooks__Secret"] = "smoke-test-secret",
            ["Dart__BaseUrl"] = dart.BaseUrl.ToString(),
            ["Urls"] = $"http://0.0.0.0:{port}",
            ["Management__Port"] = LoopbackHost.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        using var run = Process.Start(V7SyncProcess.StartInfo(["run"], environment))!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        try
        {
            // Act
            await WaitFor.ConditionAsync(async () =>
                run.HasExited ? throw new InvalidOperationException($"run exited with {run.ExitCode}: {await stderr}")
                : (await V7SyncProcess.RunAsync(["healthcheck"], new() { ["Management__Port"] = environment["Management__Port"] })).ExitCode == 0,
                TimeSpan.FromSeconds(60));
            using var kill = Process.Start("kill", ["-TERM", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await run.WaitForExitAsync(exited.Token);

            // Assert
            Assert.True(run.ExitCode == 0, await stderr + await stdout);
            Assert.Equal("", (await stderr).Trim());
            Assert.Equal(7, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_migration_workflow"));
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }
        }
    }
}
