using System.CommandLine;

namespace V7Sync.Bench;

/// <summary>
/// The benchmarks: measurements that print figures (never asserted by tests). Without a configured database
/// they run against a throwaway private PostgreSQL.
/// </summary>
internal static class BenchCommand
{
    public static RootCommand Create()
    {
        var command = new RootCommand("Measure V7Sync on this machine and print the figures.");
        command.Subcommands.Add(BenchWebhooksCommand.Create());
        command.Subcommands.Add(BenchSyncCommand.Create());
        command.Subcommands.Add(BenchIntegrityCommand.Create());
        command.Subcommands.Add(BenchAnalyticsCommand.Create());
        command.Subcommands.Add(BenchPushCommand.Create());
        command.Subcommands.Add(BenchRuntimeCommand.Create());
        command.Subcommands.Add(BareEndpointProcess.Create());
        command.Subcommands.Add(SyncSandboxProcess.Create());
        return command;
    }
}
