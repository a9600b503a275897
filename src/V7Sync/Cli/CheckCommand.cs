using System.CommandLine;
using V7Sync.Jobs.Integrity;
using V7Sync.Reporting;
using V7Sync.Tracking;

namespace V7Sync.Cli;

/// <summary>
/// `v7sync check`: runs the stale and integrity rules once (opening and resolving findings as the job would), prints
/// the open findings grouped by rule, and exits 0 when none is open, 1 when some are, so scripts can gate on it.
/// </summary>
internal static class CheckCommand
{
    public const int FindingsOpen = 1;
    private const int ShownPerRule = 50;

    public static Command Create(WebApplication app)
    {
        var command = new Command("check", "Run the stale and integrity checks once and list the open findings (exit 1 when any is open).");
        command.SetAction((_, cancellationToken) => CliAction.RunAsync("check", async () =>
        {
            var report = await app.Services.GetRequiredService<IntegrityRunner>().RunAllAsync(AuditSources.Cli, cancellationToken);
            if (report.Rules.FirstOrDefault(r => r.Failed) is { } failed)
            {
                return CliAction.Fail("check", $"rule {failed.Rule} failed: {failed.Error?.Split('\n', 2)[0]}", CliAction.DependencyError);
            }

            var open = await app.Services.GetRequiredService<OpenFindings>().ReadAsync(ShownPerRule, cancellationToken);
            Console.Write(CheckOutput.Format(report, open));
            return open.Count == 0 ? CliAction.Ok : FindingsOpen;
        }));
        return command;
    }
}
