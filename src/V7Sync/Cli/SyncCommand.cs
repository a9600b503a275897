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
            // A first full sync of thousands of tasks against a rate-limited DART takes minutes: say how far it is.
            var reporter = mode == SyncMode.Full ? ProgressReporter.ForConsole("sync --full", "tasks") : null;
            var progress = reporter is null ? null : new Progress(p => reporter.Report(p.TasksSeen, p.TasksCounted, $"{p.Pages} page(s)"));
            try
            {
                var report = await scope.ServiceProvider.GetRequiredService<IDartSync>()
                    .RunAsync(mode, mode == SyncMode.Full ? AuditSources.Resync : AuditSources.Cli, progress, cancellationToken);
                reporter?.Complete();
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
                reporter?.Complete();
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

    /// <summary>Reports on the walk's own thread, in order (System.Progress would post to the thread pool, out of order).</summary>
    private sealed class Progress(Action<SyncProgress> report) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => report(value);
    }
}
