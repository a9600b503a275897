using System.CommandLine;
using V7Sync.Jobs.Integrity;
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
            Console.Write(Format(report, open));
            return open.Count == 0 ? CliAction.Ok : FindingsOpen;
        }));
        return command;
    }

    internal static string Format(IntegrityReport report, IReadOnlyList<OpenFinding> open)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"Ran {report.Rules.Count} rules in {report.Elapsed.TotalMilliseconds:F0} ms: {report.Opened} opened, {report.Resolved} resolved.");
        if (open.Count == 0)
        {
            text.AppendLine("No open findings.");
            return text.ToString();
        }

        var groups = open.GroupBy(f => f.Rule).ToList();
        text.AppendLine($"{groups.Sum(g => g.First().RuleTotal)} open finding(s) under {groups.Count} rule(s):");
        foreach (var group in groups)
        {
            var total = group.First().RuleTotal;
            text.AppendLine().AppendLine($"{group.Key} ({total})");
            foreach (var finding in group)
            {
                // Subjects and messages may quote DART's text (a title, an id): made safe for the terminal.
                text.AppendLine(TerminalText.Safe($"  {finding.WorkOrder ?? finding.Subject,-10} {finding.Message}"));
            }

            if (total > group.Count())
            {
                text.AppendLine($"  … and {total - group.Count()} more: SELECT * FROM v7_open_findings WHERE rule = '{group.Key}';");
            }
        }

        return text.ToString();
    }
}
