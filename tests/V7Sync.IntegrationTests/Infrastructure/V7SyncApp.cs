using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>
/// The real app on a test server, pointed at a test database. Settings given here win over appsettings.json;
/// background work that a test does not exercise can be switched off through them.
/// </summary>
public sealed class V7SyncApp(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    /// <summary>The webhook signing secret every test app accepts unless a test's settings say otherwise.</summary>
    public const string WebhookSecret = "test-webhook-secret";

    /// <summary>
    /// A client of the management port (/healthz/*, /metrics). The test server has no ports of its own, so the app
    /// tells the ports apart by the Host header's (ManagementPort); the webhook client, CreateClient(), is on port 80.
    /// </summary>
    public static HttpClient CreateManagementClient(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost:9464/") });

    public HttpClient CreateManagementClient() => CreateManagementClient(this);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Tracking", connectionString);
        builder.UseSetting("Tracking:MigrateOnStart", "false");
        builder.UseSetting("Webhooks:Secret", WebhookSecret);
        // Safe defaults: no background polling, and a DART that nothing listens on. A test that needs DART
        // passes its WireMock URL and turns the poller on through `settings`.
        builder.UseSetting("Dart:Token", "test-token");
        builder.UseSetting("Dart:BaseUrl", "http://127.0.0.1:9/api/v0/public");
        builder.UseSetting("Dart:PollEnabled", "false");
        // The Quartz scheduler stays off unless a test asks for it: a job firing on its own clock (integrity runs at
        // every quarter hour) would write findings and audit rows into whatever the test is asserting on.
        builder.UseSetting("Jobs:Enabled", "false");
        // Nor does the push processor run: tests insert and change work orders by SQL, and every captured write would
        // go to a DART nobody stubbed. A test that exercises the push turns it on (Push:Enabled) through `settings`.
        builder.UseSetting("Push:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
