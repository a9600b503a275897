using System.Security.Cryptography;
using V7Sync.Cli;
using V7Sync.Sandbox;
using V7Sync.Tracking;

namespace V7Sync.Demo;

/// <summary>
/// The demo's stand-ins for the outside world: a private PostgreSQL under .v7sync/ of the working folder (unless
/// ConnectionStrings:Tracking names a database) and a DART sandbox in this process. Both must exist before the host
/// is composed, because its features read the connection string, Dart:BaseUrl, Dart:Token and Webhooks:Secret from
/// configuration as they are added; this starts them and puts those settings (plus the app's own URL) in place.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    private readonly PrivateDatabase? _database;

    private DemoEnvironment(PrivateDatabase? database, DartSandbox sandbox, Uri webhookUrl, IReadOnlyDictionary<string, string> dartIds)
    {
        _database = database;
        Sandbox = sandbox;
        WebhookUrl = webhookUrl;
        DartIds = dartIds;
    }

    /// <summary>The running sandbox.</summary>
    public DartSandbox Sandbox { get; }

    /// <summary>Where the sandbox posts its webhooks: this app's POST /webhooks/dart.</summary>
    public Uri WebhookUrl { get; }

    /// <summary>Where this app serves /healthz/* and /metrics.</summary>
    public Uri ManagementUrl { get; private init; } = null!;

    /// <summary>The sandbox's DART task id of each sample work order that has one, by work-order key.</summary>
    public IReadOnlyDictionary<string, string> DartIds { get; }

    /// <summary>Starts both and configures the host-to-be; null (the reason printed as one line) when PostgreSQL cannot start.</summary>
    public static async Task<DemoEnvironment?> TryStartAsync(IConfigurationManager configuration, CancellationToken cancellationToken)
    {
        PrivateDatabase? database;
        try
        {
            var root = Path.Combine(Directory.GetCurrentDirectory(), ".v7sync", "postgres");
            database = await PrivateDatabase.StartUnlessConfiguredAsync(configuration, TrackingOptions.ConnectionStringKey, root, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            CliAction.Fail("demo", ex.Message, CliAction.DependencyError);
            return null;
        }

        try
        {
            // Fresh token and secret per run: the demo shows signed webhooks without any secret to configure.
            var token = $"dsa_demo_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}";
            var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            var port = LoopbackHost.FreePort();
            var managementPort = LoopbackHost.FreePort();
            var webhookUrl = new Uri($"http://127.0.0.1:{port}/webhooks/dart");
            // Tasks V7Sync creates get "V7Demo…" ids like the plan's own, so a later run knows them as the demo's (DemoProgress).
            var sandbox = await DartSandbox.StartAsync(
                new DartSandboxOptions { Token = token, WebhookUrl = webhookUrl, WebhookSecret = secret, TaskIdPrefix = SampleV7Plan.IdPrefix },
                cancellationToken);
            var progress = await DemoProgress.ReadAsync(configuration[TrackingOptions.ConnectionStringKey]);
            // A work order with no row yet starts where its sample history leaves it (DemoHistory writes that history).
            var now = TimeProvider.System.GetUtcNow();
            var ids = SampleV7Plan.SeedDart(sandbox.Store, stableIds: true,
                order => progress.GetValueOrDefault(order.Key) ?? (progress.Count == 0 ? DemoHistory.Progress(order, now) : null));

            var settings = new Dictionary<string, string?>
            {
                ["Urls"] = $"http://127.0.0.1:{port}",
                // A port of its own, so a demo runs beside a v7sync (or another demo) on the default 9464.
                ["Management:Port"] = managementPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Dart:BaseUrl"] = sandbox.BaseUrl.ToString(),
                ["Dart:Token"] = token,
                ["Webhooks:Secret"] = secret,
                // A demo should show the poller at work within seconds, not at the production pace of a minute.
                ["Dart:PollInterval"] = "00:00:03",
                // Often enough that a phase whose tasks are all done shows phase_ready_for_review within seconds.
                ["Jobs:IntegrityCron"] = "0/5 * * * * ?",
                // The console is the audit log; the app's own information logs would drown it.
                ["Logging:LogLevel:Default"] = "Warning",
                // EF logs the probe of a not-yet-created migrations table as a failed command; on a first run that is expected.
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Critical",
            };
            // In the sandbox's workspace every persona is a DART user of the same name: V7Sync assigns the tasks it creates.
            foreach (var persona in PersonaSimulator.Personas)
            {
                settings[$"Dart:PersonaAssignees:{persona}"] = persona;
            }

            configuration.AddInMemoryCollection(settings);
            return new DemoEnvironment(database, sandbox, webhookUrl, ids) { ManagementUrl = new Uri($"http://127.0.0.1:{managementPort}/metrics") };
        }
        catch
        {
            // The sandbox or the plan failed: stop the private server this run started, then report as usual.
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
