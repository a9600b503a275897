using System.CommandLine;
using V7Sync.Analytics;
using V7Sync.Dart;
using V7Sync.Hosting;
using V7Sync.Jobs;
using V7Sync.Push;
using V7Sync.Tracking;

namespace V7Sync.Cli;

/// <summary>
/// The `v7sync` verbs. `run` serves; every other verb uses the built app's services once and exits. Exit codes
/// (<see cref="CliAction"/>): 0 ok, 1 findings open (`check` only), 2 usage or configuration, 3 a dependency failed.
/// </summary>
internal static class V7SyncCli
{
    /// <summary>
    /// The settings each verb needs, checked before it connects to anything (null: every section, for `run`). The
    /// conductor's read verbs need only the database, so `dashboard` works without DART's token or the webhook secret.
    /// </summary>
    private static readonly Dictionary<string, Type[]?> SettingsOf = new(StringComparer.Ordinal)
    {
        ["run"] = null,
        ["migrate"] = [typeof(TrackingOptions)],
        ["check"] = [typeof(TrackingOptions), typeof(JobsOptions)],
        ["sync"] = [typeof(TrackingOptions), typeof(DartOptions), typeof(PushOptions)],
        ["push"] = [typeof(TrackingOptions), typeof(DartOptions), typeof(PushOptions)],
        ["audit"] = [typeof(TrackingOptions)],
        ["dashboard"] = [typeof(TrackingOptions)],
        ["forecast"] = [typeof(TrackingOptions)],
        ["report"] = [typeof(TrackingOptions), typeof(ReportOptions)],
        ["inbox"] = [typeof(TrackingOptions)],
        ["healthcheck"] = [typeof(ManagementOptions)],
    };

    public static async Task<int> RunCliAsync(this WebApplication app, string[] args)
    {
        var root = new RootCommand("V7Sync keeps the V7 migration tracking database true to DART.")
        {
            RunCommand.Create(app),
            MigrateCommand.Create(app),
            CheckCommand.Create(app),
            SyncCommand.Create(app),
            PushCommand.Create(app),
            AuditCommand.Create(app),
            DashboardCommand.Create(app),
            ForecastCommand.Create(app),
            ReportCommand.Create(app),
            InboxCommand.Create(app),
            HealthcheckCommand.Create(app),
        };

        // No verb (or only host switches, as a test host passes them) means `run`.
        if (args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version")))
        {
            args = ["run", .. args];
        }

        return await CliInvocation.InvokeAsync(root, args, parsed => CheckSettings(app, parsed));
    }

    /// <summary>Every invalid setting the verb uses, one line each on stderr, before it connects or migrates: exit 2.</summary>
    private static int? CheckSettings(WebApplication app, ParseResult parsed)
    {
        var verb = parsed.CommandResult.Command;
        while (verb.Parents.OfType<Command>().FirstOrDefault() is { } parent && parent is not RootCommand)
        {
            verb = parent;
        }

        var problems = SettingsOf.TryGetValue(verb.Name, out var sections) ? SettingsCheck.Problems(app.Services, sections) : [];
        foreach (var problem in problems)
        {
            CliAction.Fail(verb.Name, $"invalid setting: {problem}", CliAction.ConfigurationError);
        }

        return problems.Count > 0 ? CliAction.ConfigurationError : null;
    }
}
