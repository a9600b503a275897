using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using V7Sync.IntegrationTests.Tracking;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>The container's HEALTHCHECK (`v7sync healthcheck`) as Docker runs it: the real executable.</summary>
public sealed class HealthcheckCommandTests
{
    [Fact]
    public async Task Healthcheck_Exits_Zero_When_Live_Answers_200_And_Three_When_Nothing_Listens()
    {
        // Arrange: something that answers /healthz/live like the app does, on the management port.
        var port = LoopbackHost.FreePort();
        await using var live = LoopbackHost.CreateBuilder(port).Build();
        live.MapGet("/healthz/live", () => Results.Text("Healthy"));
        await live.StartAsync();
        var environment = new Dictionary<string, string> { ["Management__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        // Act
        var healthy = await V7SyncProcess.RunAsync(["healthcheck"], environment);
        await live.StopAsync();
        var down = await V7SyncProcess.RunAsync(["healthcheck"], environment);

        // Assert
        Assert.True(healthy.ExitCode == 0, healthy.Stderr);
        Assert.Equal(3, down.ExitCode);
        Assert.StartsWith($"v7sync healthcheck: http://127.0.0.1:{port}/healthz/live did not answer", down.Stderr, StringComparison.Ordinal);
    }
}
