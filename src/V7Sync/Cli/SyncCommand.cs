using System.CommandLine;
using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Push;
using V7Sync.Reporting;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Cli;

internal static class SyncCommand
{
    public static Command Create(WebApplication app)
    {
        var full = new Option<bool>("--full") { Description = "Walk every task and the trash, and report DART tasks that are gone." };
        var command = new Command("sync",
            "Run one sync cycle against DART (incremental from the watermark unless --full), push the outbox once, and exit.")
        {
            full,
        };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("sync", async () =>
        {
            var mode = parseResult.GetValue(full) ? SyncMode.Full : SyncMode.Incremental;
            await using var scope = app.Services.CreateAsyncScope();
            try
            {
                var report = await scope.ServiceProvider.GetRequiredService<IDartSync>()
                    .RunAsync(mode, mode == SyncMode.Full ? AuditSources.Resync : AuditSources.Cli, cancellationToken);
                Console.WriteLine(Describe(report));
                if (!scope.ServiceProvider.GetRequiredService<IOptions<PushOptions>>().Value.Enabled)
                {
                    return CliAction.Ok;
                }

                // The other direction too: whatever the conductor wrote that DART has still to follow.
                var pushed = await scope.ServiceProvider.GetRequiredService<OutboxDrainer>().DrainAsync(cancellationToken);
                Console.WriteLine(PushOutput.Summary(pushed));
                var failed = PushOutput.Failed(pushed);
                return failed == 0 ? CliAction.Ok
                    : CliAction.Fail("sync", $"{failed} work order(s) did not reach DART; `v7sync push` shows which", CliAction.DependencyError);
            }
            catch (Exception ex) when (DartFailure.IsDartFailure(ex))
            {
                return CliAction.Fail("sync", DartFailure.Describe(ex) + "; nothing after the last committed page was applied, the watermark is unchanged", CliAction.DependencyError);
            }
        }));
        return command;
    }

    private static string Describe(SyncReport report) => report.ListRequests == 0
        ? "Another replica is syncing right now; nothing done."
        : $"{report.Mode} sync: {report.ListRequests} list request(s), {report.TasksSeen} task(s) seen, {report.TasksFetched} fetched, "
          + $"{report.Reconciled.TasksChanged} work order(s) changed, {report.Reconciled.AuditRows} audit row(s), "
          + $"{report.Reconciled.Unlinked} unlinked, {report.Deleted} deleted; watermark {DartTimestamp.Format(report.Watermark) ?? "none"}.";
}
