using System.CommandLine;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Cli;

internal static class SyncCommand
{
    public static Command Create(WebApplication app)
    {
        var full = new Option<bool>("--full") { Description = "Walk every task and the trash, and report DART tasks that are gone." };
        var command = new Command("sync", "Run one sync cycle against DART and exit (incremental from the watermark unless --full).")
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
                return CliAction.Ok;
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
