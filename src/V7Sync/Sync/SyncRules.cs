using System.Globalization;
using System.Text.RegularExpressions;
using V7Sync.Dart;

namespace V7Sync.Sync;

/// <summary>The configurable rules the decider applies: status mapping, work-order keys, deliverable links.</summary>
public sealed class SyncRules
{
    private readonly IReadOnlyDictionary<string, string> _statusMap;
    private readonly Regex _keyPattern;
    private readonly string _titleFormat;

    public SyncRules(IReadOnlyDictionary<string, string> statusMap, string workOrderKeyPattern, TimeSpan maxClockSkew,
        string taskTitleFormat = "P{phase}.T{task} {name}")
    {
        _statusMap = new Dictionary<string, string>(statusMap, StringComparer.OrdinalIgnoreCase);
        _keyPattern = new Regex(workOrderKeyPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        _titleFormat = taskTitleFormat;
        MaxClockSkew = maxClockSkew;
    }

    public static SyncRules From(DartOptions options) =>
        new(options.StatusMap, options.WorkOrderKeyPattern, options.MaxClockSkew, options.TaskTitleFormat);

    /// <summary>Dart:MaxClockSkew: how far ahead of <c>now</c> DART's updatedAt may be and still count as a version.</summary>
    public TimeSpan MaxClockSkew { get; }

    /// <summary>A timestamp later than now + <see cref="MaxClockSkew"/>: no clock can have stamped it yet.</summary>
    public bool IsFuture(DateTimeOffset? at, DateTimeOffset now) => at > now + MaxClockSkew;

    /// <summary>The tracking status for a DART status title, or null when the title is not mapped.</summary>
    public string? MapStatus(string dartStatus) => _statusMap.GetValueOrDefault(dartStatus.Trim());

    /// <summary>The work-order key (phase, task) in a DART task title, e.g. "P1.T3 Document all duplicate ENUMs".</summary>
    public WorkOrderKey? FindKey(string title)
    {
        var match = _keyPattern.Match(title);
        return match.Success
            && int.TryParse(match.Groups["phase"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var phase)
            && int.TryParse(match.Groups["task"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var task)
            ? new WorkOrderKey(phase, task)
            : null;
    }

    /// <summary>The title of the DART task V7Sync creates for a work order (Dart:TaskTitleFormat), e.g. "P1.T3 Document all duplicate ENUMs".</summary>
    public string TaskTitle(WorkOrderKey key, string name) => Title(key).Replace("{name}", name, StringComparison.Ordinal).Trim();

    /// <summary>The part of <see cref="TaskTitle"/> that names the key ("P1.T3"): what V7Sync looks for in DART before it creates.</summary>
    public string KeyInTitle(WorkOrderKey key) => Title(key).Replace("{name}", "", StringComparison.Ordinal).Trim();

    /// <summary>
    /// The part of <see cref="KeyInTitle"/> before the task number ("P1.T"): one title filter that finds every key of
    /// the phase at once. Null when the format does not name the phase before the task.
    /// </summary>
    public string? PhaseInTitle(int phase)
    {
        var key = _titleFormat.Replace("{name}", "", StringComparison.Ordinal).Trim();
        var phaseAt = key.IndexOf("{phase}", StringComparison.Ordinal);
        var taskAt = key.IndexOf("{task}", StringComparison.Ordinal);
        return phaseAt < 0 || taskAt < phaseAt
            ? null
            : key[..taskAt].Replace("{phase}", phase.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private string Title(WorkOrderKey key) => _titleFormat
        .Replace("{phase}", key.Phase.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{task}", key.Task.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>Deliverable URLs of a full task record: its attachments, then Dart doc links in its description.</summary>
    public static IEnumerable<string> Deliverables(DartTask task)
    {
        // The reader kept only absolute http(s) URLs, trimmed (DartTaskReader).
        foreach (var attachment in task.Attachments ?? [])
        {
            if (attachment.Url.Length > 0)
            {
                yield return attachment.Url;
            }
        }

        foreach (var link in DartDocLinks.Find(task.Description))
        {
            yield return link;
        }
    }

    /// <summary>DART's assignees: the list, or the one assignee of a workspace without multiple assignees; none when neither is sent.</summary>
    public static IReadOnlyList<string> Assignees(DartTask task) =>
        task.Assignees ?? (string.IsNullOrEmpty(task.Assignee) ? [] : [task.Assignee]);

    /// <summary>Assignees as the audit log shows them: "Layer 1 Guardian, The Architect"; null for none.</summary>
    public static string? ShowAssignees(IReadOnlyList<string> assignees) => assignees.Count == 0 ? null : string.Join(", ", assignees);
}
