using System.Text;
using V7Sync.Jobs.Integrity;

namespace V7Sync.Reporting;

/// <summary>What `v7sync check` prints: the run's counts, then the open findings grouped by rule, safe for the terminal.</summary>
internal static class CheckOutput
{
    public static string Format(IntegrityReport report, IReadOnlyList<OpenFinding> open)
    {
        var text = new StringBuilder();
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
