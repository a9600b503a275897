using System.Security.Cryptography;
using V7Sync.Sandbox;
using V7Sync.Tracking;

namespace V7Sync.Cli;

/// <summary>
/// `v7sync demo` runs against a DART sandbox in this process. The sandbox must exist before the app is built,
/// because the app's DART client and webhook endpoint read Dart:BaseUrl, Dart:Token and Webhooks:Secret from
/// configuration at build time; this starts it and puts those settings (plus the app's own URL) in place.
/// For every other verb it does nothing.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    private DemoEnvironment(DartSandbox? sandbox, Uri? webhookUrl, IReadOnlyDictionary<string, string> dartIds)
    {
        Sandbox = sandbox;
        WebhookUrl = webhookUrl;
        DartIds = dartIds;
    }

    /// <summary>The running sandbox (null unless the verb is demo).</summary>
    public DartSandbox? Sandbox { get; }

    /// <summary>Where the sandbox posts its webhooks: this app's POST /webhooks/dart.</summary>
    public Uri? WebhookUrl { get; }

    /// <summary>The sandbox's DART task id of each sample work order that has one, by work-order key.</summary>
    public IReadOnlyDictionary<string, string> DartIds { get; }

    public static async Task<DemoEnvironment> StartIfDemoAsync(WebApplicationBuilder builder, string[] args)
    {
        if (args.FirstOrDefault(a => !a.StartsWith('-')) != "demo")
        {
            return new DemoEnvironment(null, null, new Dictionary<string, string>());
        }

        // Fresh token and secret per run: the demo shows signed webhooks without any secret to configure.
        var token = $"dsa_demo_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var port = LoopbackHost.FreePort();
        var webhookUrl = new Uri($"http://127.0.0.1:{port}/webhooks/dart");
        var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { Token = token, WebhookUrl = webhookUrl, WebhookSecret = secret });
        var progress = await DemoProgress.ReadAsync(builder.Configuration[TrackingOptions.ConnectionStringKey]);
        // A work order with no row yet starts where its sample history leaves it (DemoHistory writes that history).
        var now = TimeProvider.System.GetUtcNow();
        var ids = SampleV7Plan.SeedDart(sandbox.Store, stableIds: true,
            order => progress.GetValueOrDefault(order.Key) ?? (progress.Count == 0 ? DemoHistory.Progress(order, now) : null));

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Dart:BaseUrl"] = sandbox.BaseUrl.ToString(),
            ["Dart:Token"] = token,
            ["Webhooks:Secret"] = secret,
            // A demo should show the poller at work within seconds, not at the production pace of a minute.
            ["Dart:PollInterval"] = "00:00:03",
            ["Jobs:IntegrityCron"] = "0/30 * * * * ?",
            // The console is the audit log; the app's own information logs would drown it.
            ["Logging:LogLevel:Default"] = "Warning",
            // EF logs the probe of a not-yet-created migrations table as a failed command; on a first run that is expected.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
        });
        var environment = new DemoEnvironment(sandbox, webhookUrl, ids);
        builder.Services.AddSingleton(environment);
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }
}
