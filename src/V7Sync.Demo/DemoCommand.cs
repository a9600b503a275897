using System.CommandLine;
using Npgsql;
using V7Sync.Analytics;
using V7Sync.Cli;
using V7Sync.Reporting;
using V7Sync.Sandbox;
using V7Sync.Tracking;

namespace V7Sync.Demo;

/// <summary>
/// The demo: V7Sync working end to end on one machine with nothing to set up. Migrates, seeds a sample plan,
/// runs the full worker (poller, webhook endpoint, outbox, jobs) against an in-process DART sandbox whose personas
/// move tasks along while the conductor issues and cancels a work order in the database, and prints both sides and
/// the audit log as it lands until Ctrl-C. See DemoEnvironment for the configuration.
/// </summary>
internal static class DemoCommand
{
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DisposeBudget = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan ReportBudget = TimeSpan.FromSeconds(30);

    /// <param name="args">Also the host's command line, as for any .NET host.</param>
    public static RootCommand Create(string[] args)
    {
        var pace = new Option<double>("--pace")
        {
            Description = "Seconds between two persona moves in the DART sandbox.",
            DefaultValueFactory = _ => 2.0,
        };
        var command = new RootCommand("Run V7Sync against a DART sandbox with simulated personas and follow the audit log.") { pace };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("demo", async () =>
        {
            // Before anything starts: a second demo here would stop the first one's PostgreSQL as a leftover.
            using var held = DemoLock.TryTake(Path.Combine(Directory.GetCurrentDirectory(), ".v7sync"), out var holder);
            if (held is null)
            {
                return CliAction.Fail("demo", $"a demo is already running, pid {holder}, in {Directory.GetCurrentDirectory()}; it is left alone",
                    CliAction.ConfigurationError);
            }

            var builder = WebApplication.CreateBuilder(args);
            // Disposed last and unbounded: stopping the private PostgreSQL (when alive) must finish, and a dead one's is instant.
            await using var demo = await DemoEnvironment.TryStartAsync(builder.Configuration, cancellationToken);
            if (demo is null)
            {
                return CliAction.DependencyError;
            }

            // The real host, composed as the product composes it, now that the stand-ins' settings are in.
            var app = builder.AddV7Sync().Build().MapV7Sync();
            await using var appStop = new BoundedStop(app, DisposeBudget);
            var sandbox = demo.Sandbox;
            var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("V7Sync.Demo");

            await using (var scope = app.Services.CreateAsyncScope())
            {
                Console.WriteLine(await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken));
            }

            var clock = app.Services.GetRequiredService<TimeProvider>();
            var seeded = await DemoPlan.SeedAsync(dataSource, sandbox, demo.DartIds, clock.GetUtcNow(), cancellationToken);
            logger.DemoPlanSeeded(seeded);
            var follower = new AuditFollower(dataSource, clock, logger);
            var from = await follower.LatestIdAsync(cancellationToken);

            await app.StartAsync(cancellationToken);
            logger.DemoSandboxStarted(sandbox.BaseUrl, demo.WebhookUrl);
            PrintBanner(sandbox, demo, seeded, app.Configuration[TrackingOptions.ConnectionStringKey]);

            // Ctrl-C reaches both the CLI's token and the host's lifetime; either one ends the demo.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
            // Personas only work tasks; the DART tasks of work orders that have none are V7Sync's to create.
            var every = TimeSpan.FromSeconds(Math.Max(0.05, parseResult.GetValue(pace)));
            var simulator = new PersonaSimulator(sandbox, new PersonaSimulatorOptions { Pace = every, TimeProvider = clock });
            simulator.Moved += move => Console.WriteLine(FormatMove(move));
            var conductor = new DemoConductor(dataSource, clock, every);
            conductor.Acted += Console.WriteLine;
            var personas = simulator.RunAsync(stop.Token);
            var conducting = conductor.RunAsync(stop.Token);
            await follower.FollowAsync(from, line => Console.WriteLine($"V7Sync  {AuditOutput.Line(line)}"), TimeSpan.FromSeconds(1), stop.Token);
            await personas;
            await conducting;

            // Stopping is bounded (BoundedStop): the worker gets a few seconds, and a report that cannot be written
            // (the database died: it fails at once) is only said.
            Console.WriteLine("Stopping…");
            if (!await BoundedStop.StopAsync(app, StopBudget))
            {
                Console.WriteLine("The worker did not stop in time (its database may be gone); stopping anyway.");
            }

            logger.DemoStopped();
            try
            {
                using var writing = new CancellationTokenSource(ReportBudget);
                var report = await app.Services.GetRequiredService<ReportWriter>().WriteAsync(ReportPath(app), new ForecastSettings(), writing.Token);
                Console.WriteLine($"Report of this run (open it in a browser): {report.Path}");
            }
            catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                Console.WriteLine($"No report of this run: the tracking database did not answer ({ex.Message.Split('\n', 2)[0]}).");
                return CliAction.DependencyError;
            }

            Console.WriteLine("V7Sync demo stopped cleanly.");
            return CliAction.Ok;
        }));
        return command;
    }

    /// <summary>"DART    Layer 1 Data Sentinel: P1.T1 … To-do → Doing": DART's text, so made safe for the terminal.</summary>
    internal static string FormatMove(PersonaMove move) => TerminalText.Safe(
        $"DART    {move.Persona}: {move.Task.Title} {move.OldStatus} → {move.Task.Status}{(move.DeliverableUrl is null ? "" : " + deliverable")}{(move.ReportUrl is null ? "" : " + report")}");

    /// <summary>Report:Path when set, else .v7sync/demo-report.html in the working folder (beside the private database).</summary>
    private static string ReportPath(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReportOptions>>().Value.Path
        ?? Path.Combine(Directory.GetCurrentDirectory(), ".v7sync", "demo-report.html");

    private static void PrintBanner(DartSandbox sandbox, DemoEnvironment demo, int seeded, string? connectionString)
    {
        // Shown only when it holds no password (the private database trusts local connections): never a secret.
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        var dashboard = database.Password is null
            ? $"ConnectionStrings__Tracking=\"{database.ConnectionString}\" dotnet run --project src/V7Sync -- dashboard"
            : "dotnet run --project src/V7Sync -- dashboard   (with the same ConnectionStrings__Tracking)";
        Console.WriteLine($"""

            V7Sync demo
              DART sandbox   {sandbox.BaseUrl}  ({sandbox.Store.Count} tasks; personas move them To-do → Doing → In review → Done)
              webhooks       {demo.WebhookUrl}  (signed; now and then a duplicate or an out-of-order one)
              metrics        {demo.ManagementUrl}  (health: /healthz/live, /healthz/ready on the same port)
              sample plan    {SampleV7Plan.WorkOrders.Count} work orders, {seeded} new; some linked by DART id, some only by key (P1.T3) in the title,
                             {SampleV7Plan.WorkOrders.Count(o => o.Link == SampleLink.None)} of them planned without a DART task: V7Sync creates theirs, and the personas work them too
              conductor      issues {SampleV7Plan.IssuedByConductor.Key} and cancels {SampleV7Plan.CancelledByConductor.Key} while the demo runs (SQL on the tracking database)
              dashboards     in another shell: {dashboard}
            Following the sync audit log (Ctrl-C to stop):

            """);
    }
}
