using System.CommandLine;

namespace V7Sync.Cli;

/// <summary>
/// `v7sync bench …`: measurements that print figures (never asserted by tests). Without a configured database
/// they run against a throwaway private PostgreSQL.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(WebApplication app)
    {
        var command = new Command("bench", "Measure V7Sync on this machine and print the figures.");
        command.Subcommands.Add(BenchWebhooksCommand.Create(app));
        command.Subcommands.Add(BenchSyncCommand.Create(app));
        command.Subcommands.Add(BenchIntegrityCommand.Create(app));
        command.Subcommands.Add(BenchAnalyticsCommand.Create(app));
        return command;
    }
}
