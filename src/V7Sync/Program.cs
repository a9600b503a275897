using V7Sync;
using V7Sync.Analytics;
using V7Sync.Cli;
using V7Sync.Dart;
using V7Sync.Hosting;
using V7Sync.Jobs;
using V7Sync.Push;
using V7Sync.Operations;
using V7Sync.Sync;
using V7Sync.Tracking;
using V7Sync.Webhooks;

// One host serves every verb: `run` starts it, the other verbs use its services once and exit.
// `run` also takes `--Key=value` configuration switches, as any .NET host does; other verbs read the environment.
var builder = V7SyncHost.CreateBuilder(args);
var app = builder.Build();
app.MapV7Sync();

return await app.RunCliAsync(args);

/// <summary>Exposed so that the integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;

// Top-level statements come first in a file, so the namespace of what follows them is a block.
namespace V7Sync
{
    /// <summary>
    /// The one place V7Sync is wired: the product above, and the demo and benchmarks (src/V7Sync.Demo, src/V7Sync.Bench),
    /// compose the same host through it.
    /// </summary>
    public static class V7SyncHost
    {
        /// <summary>.NET's web host defaults (appsettings.json, environment, command line), then every feature.</summary>
        public static WebApplicationBuilder CreateBuilder(string[] args) => WebApplication.CreateBuilder(args).AddV7Sync();

        /// <summary>
        /// Every feature, on a builder whose configuration is complete: features read it here (AddJobs reads Jobs:* as
        /// it registers). The demo and benchmarks create the builder, add their stand-ins' settings (sandbox URL, token,
        /// webhook secret, connection string) to its configuration, then call this.
        /// </summary>
        public static WebApplicationBuilder AddV7Sync(this WebApplicationBuilder builder)
        {
            builder.AddHosting();    // configuration, TimeProvider, OpenTelemetry, health checks
            builder.AddTracking();   // the tracking database: EF Core, migrations, phase seed
            builder.AddDart();       // the DART REST client and its resilience pipeline
            builder.AddSync();       // the reconciler, the poller and the full resync
            builder.AddWebhooks();   // the webhook inbox and its processor
            builder.AddPush();       // the conductor's writes to DART: the outbox processor
            builder.AddJobs();       // Quartz: stale tasks, integrity checks, nightly resync, the scheduled report
            builder.AddAnalytics();  // the HTML report's options and writer (views: migration 008)
            builder.AddOperations(); // the gauges behind /metrics
            return builder;
        }

        /// <summary>Every endpoint group.</summary>
        public static WebApplication MapV7Sync(this WebApplication app)
        {
            // Health and metrics on the management port only, the webhook on the other ports only.
            app.UseManagementPort(app.Services.GetRequiredService<ServedAddresses>().ManagementPort);
            app.MapManagement();     // GET /healthz/live, GET /healthz/ready, GET /metrics
            app.UseWebhookLimits();  // the webhook group's concurrency limit and request timeout
            app.MapWebhooks();       // POST /webhooks/dart
            return app;
        }
    }
}
