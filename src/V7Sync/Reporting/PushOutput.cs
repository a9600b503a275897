using System.Globalization;
using System.Text;
using V7Sync.Push;

namespace V7Sync.Reporting;

/// <summary>What `v7sync push` (and `v7sync sync`'s drain) prints: one line per work order (key, action, fields), then a count.</summary>
internal static class PushOutput
{
    public static string Format(IReadOnlyList<PushResult> results, IReadOnlyList<(int TaskId, string Key)> backfilled, bool dryRun)
    {
        var text = new StringBuilder();
        var backfillAction = dryRun ? "would queue a create (backfill)" : "queued a create (backfill)";
        foreach (var (_, key) in backfilled)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{key,-9} {backfillAction}");
        }

        foreach (var result in results)
        {
            var fields = result.Fields.Count == 0 ? "" : $" {string.Join(", ", result.Fields)}";
            var note = string.IsNullOrEmpty(result.Note) ? "" : $" ({result.Note})";
            text.AppendLine(TerminalText.Safe(FormattableString.Invariant($"{result.Key,-9} {result.Action}{fields}{note}")));
        }

        text.AppendLine(Summary(results, dryRun));
        return text.ToString();
    }

    /// <summary>"Push: 3 created, 1 updated, 1 retry." (or "nothing waiting").</summary>
    public static string Summary(IReadOnlyList<PushResult> results, bool dryRun = false) => results.Count == 0
        ? dryRun ? "Push (dry run): nothing waiting in the outbox." : "Push: nothing waiting in the outbox."
        : $"Push{(dryRun ? " (dry run)" : "")}: "
          + string.Join(", ", results.GroupBy(r => r.Action).OrderBy(g => g.Key, StringComparer.Ordinal)
              .Select(g => FormattableString.Invariant($"{g.Count()} {g.Key}"))) + ".";

    /// <summary>Rows that did not go out: the reason for a non-zero exit.</summary>
    public static int Failed(IReadOnlyList<PushResult> results) =>
        results.Count(r => r.Action is PushResult.Retry or PushResult.Dead);
}
