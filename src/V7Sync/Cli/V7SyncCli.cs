using System.CommandLine;

namespace V7Sync.Cli;

/// <summary>The `v7sync` verbs. `run` serves; every other verb uses the built app's services once and exits.</summary>
internal static class V7SyncCli
{
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
            HealthcheckCommand.Create(app),
        };

        // No verb (or only host switches, as a test host passes them) means `run`.
        if (args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version")))
        {
            args = ["run", .. args];
        }

        // Ctrl-C cancels the verb's token; give a graceful shutdown time before the process is ended.
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) };
        return await root.Parse(args).InvokeAsync(invocation);
    }
}
