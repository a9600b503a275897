using System.Globalization;
using System.Net;
using System.Net.Sockets;
using V7Sync.IntegrationTests.Cli;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Webhooks;
using V7Sync.Sandbox;
using Xunit.Abstractions;

namespace V7Sync.IntegrationTests.Hosting;

/// <summary>
/// The published app (the image's `dotnet v7sync.dll run`) listens where the operator says, the ASP.NET Core way, and
/// serves health and metrics on the management port only, the webhook on the other port only.
/// </summary>
public sealed class StandardPortsTests(PostgresServer server, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    [InlineData("--urls")]
    public async Task The_Published_App_Takes_Webhooks_Where_The_Operator_Says_And_Health_And_Metrics_Only_On_The_Management_Port(string how)
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        var port = LoopbackHost.FreePort();
        var (args, environment) = Configure(db, how, port);

        // Act
        using var run = await StartPublishedAsync(args, environment);
        var served = await ProbeAsync(port, run.ManagementPort!.Value);
        await run.StopAsync("TERM", TimeSpan.FromSeconds(30));

        // Assert
        Assert.True(run.ExitCode == 0, run.Text);
        Assert.Equal(HttpStatusCode.OK, served.Webhook);
        Assert.Equal(HttpStatusCode.NotFound, served.HealthOnWebhookPort);
        Assert.Equal(HttpStatusCode.NotFound, served.MetricsOnWebhookPort);
        Assert.Equal(HttpStatusCode.OK, served.Live);
        Assert.Equal(HttpStatusCode.OK, served.Ready);
        Assert.Contains("v7sync_ready 1", served.Metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, served.WebhookOnManagementPort);
        Assert.DoesNotContain(run.Output, line => line.Contains("Overriding", StringComparison.Ordinal) || line.StartsWith("stderr: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_No_Address_Given_The_Published_App_Takes_Webhooks_On_8080()
    {
        if (!IsFree(8080))
        {
            // xunit 2 cannot skip at run time; say so in the output instead of pretending to have tested it.
            output.WriteLine("SKIPPED: port 8080 is in use on this machine.");
            return;
        }

        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        var (args, environment) = Configure(db, how: null, port: 8080);

        // Act
        using var run = await StartPublishedAsync(args, environment);
        var served = await ProbeAsync(8080, run.ManagementPort!.Value);
        await run.StopAsync("TERM", TimeSpan.FromSeconds(30));

        // Assert
        Assert.True(run.ExitCode == 0, run.Text);
        Assert.Equal(HttpStatusCode.OK, served.Webhook);
        Assert.Equal(HttpStatusCode.NotFound, served.HealthOnWebhookPort);
    }

    /// <summary>As the image runs it: `dotnet v7sync.dll run` in the published folder, its appsettings.json the content root's.</summary>
    private static async Task<RunningV7Sync> StartPublishedAsync(string[] args, Dictionary<string, string> environment)
    {
        var dll = await PublishedV7Sync.DllAsync();
        var run = RunningV7Sync.Start(args, environment, workingDirectory: Path.GetDirectoryName(dll), dll: dll);
        try
        {
            await run.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    private static (string[] Args, Dictionary<string, string> Environment) Configure(TestDatabase db, string? how, int port)
    {
        var environment = RunEnvironment.For(db, urls: "");
        environment.Remove("Urls");
        var text = port.ToString(CultureInfo.InvariantCulture);
        switch (how)
        {
            case "ASPNETCORE_URLS":
                environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{text}";
                break;
            case "ASPNETCORE_HTTP_PORTS":
                environment["ASPNETCORE_HTTP_PORTS"] = text;
                break;
            case "--urls":
                return (["run", "--urls", $"http://127.0.0.1:{text}"], environment);
        }

        return (["run"], environment);
    }

    private static async Task<Served> ProbeAsync(int webhookPort, int managementPort)
    {
        using var webhook = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webhookPort}") };
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
        var body = DartWebhooks.TaskEvent("task.updated", "portsPORTS01", "P1.T1 Enums", "Doing", At);
        using var delivered = await webhook.PostAsync(body, RunEnvironment.Secret);
        using var healthOnWebhook = await webhook.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        using var metricsOnWebhook = await webhook.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var live = await management.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        using var ready = await management.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        var metrics = await management.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        using var webhookOnManagement = await management.PostAsync(body, RunEnvironment.Secret);
        return new Served(delivered.StatusCode, healthOnWebhook.StatusCode, metricsOnWebhook.StatusCode, live.StatusCode, ready.StatusCode,
            metrics, webhookOnManagement.StatusCode);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.IPv6Any, port) { Server = { DualMode = true } };
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed record Served(
        HttpStatusCode Webhook, HttpStatusCode HealthOnWebhookPort, HttpStatusCode MetricsOnWebhookPort, HttpStatusCode Live,
        HttpStatusCode Ready, string Metrics, HttpStatusCode WebhookOnManagementPort);
}
