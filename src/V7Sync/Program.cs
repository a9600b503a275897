using V7Sync.Analytics;
using V7Sync.Cli;
using V7Sync.Dart;
using V7Sync.Hosting;
using V7Sync.Jobs;
using V7Sync.Sync;
using V7Sync.Tracking;
using V7Sync.Webhooks;

// One host serves every verb: `run` starts it, the other verbs use its services once and exit.
// `run` also takes `--Key=value` configuration switches, as any .NET host does; other verbs read the environment.
var builder = WebApplication.CreateBuilder(args);
await using var privateDatabase = await PrivateDatabase.StartIfNeededAsync(builder, args); // demo, bench: no setup needed
await using var demo = await DemoEnvironment.StartIfDemoAsync(builder, args); // demo: a DART sandbox and its settings

builder.AddHosting();    // configuration, TimeProvider, OpenTelemetry, health checks
builder.AddTracking();   // the tracking database: EF Core, migrations, phase seed
builder.AddDart();       // the DART REST client and its resilience pipeline
builder.AddSync();       // the reconciler, the poller and the full resync
builder.AddWebhooks();   // the webhook inbox and its processor
builder.AddJobs();       // Quartz: stale tasks, integrity checks, nightly resync, the scheduled report
builder.AddAnalytics();  // the HTML report's options and writer (views: migration 008)

var app = builder.Build();

app.MapHealth();         // GET /healthz/live, GET /healthz/ready
app.MapWebhooks();       // POST /webhooks/dart

return await app.RunCliAsync(args);

/// <summary>Exposed so that the integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
