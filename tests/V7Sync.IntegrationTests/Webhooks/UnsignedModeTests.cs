using System.Net;
using V7Sync.IntegrationTests.Cli;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>`Webhooks:AllowUnsigned=true` as an operator meets it: `v7sync run` starts only where nobody else can post.</summary>
public sealed class UnsignedModeTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("*")]
    public async Task Run_Refuses_AllowUnsigned_On_A_Public_Address_Outside_Development_Naming_The_Key(string host)
    {
        await using var db = await server.CreateDatabaseAsync();
        var urls = $"http://{host}:{LoopbackHost.FreePort()}";

        var result = await V7SyncProcess.RunAsync(["run"], Unsigned(db, "Production", urls));

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("v7sync run: invalid setting: Webhooks:AllowUnsigned is for local use only", line, StringComparison.Ordinal);
        Assert.Contains($"(environment Production) would listen on {urls};", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", "127.0.0.1")]
    [InlineData("Production", "localhost")]
    [InlineData("Development", "0.0.0.0")]
    public async Task Run_Accepts_AllowUnsigned_On_Loopback_Or_In_Development_And_Takes_Unsigned_Deliveries(string environment, string host)
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        var port = LoopbackHost.FreePort();
        using var run = RunningV7Sync.Start(["run"], Unsigned(db, environment, $"http://{host}:{port}"));
        var root = new Uri($"http://127.0.0.1:{port}");
        await run.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        using var client = new HttpClient { BaseAddress = root };

        // Act
        using var response = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "P1.T1 Enums", "Doing", At), secret: null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
        try { await run.StopAsync("TERM", TimeSpan.FromSeconds(10)); } catch (TaskCanceledException) { Assert.Fail(run.Text); }
        Assert.True(run.ExitCode == 0, run.Text);
    }

    /// <summary>`run` that only serves, with no secret and unsigned mode on.</summary>
    private static Dictionary<string, string> Unsigned(TestDatabase db, string environment, string urls) => RunEnvironment.For(db, urls,
        ("ASPNETCORE_ENVIRONMENT", environment), ("Webhooks__Secret", ""), ("Webhooks__AllowUnsigned", "true"));
}
