using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Deliverables;

/// <summary>
/// The work orders a report doc names: the one whose key its title carries (the key rule, <see cref="SyncRules.FindKey"/>),
/// else those linked to a DART task its text links (<see cref="DartDocLinks.TaskIds"/>). A title key decides alone, so a
/// report that mentions the tasks it builds on is not their deliverable too. In a phase folder only that phase's count.
/// </summary>
public sealed record DocTarget(WorkOrderKey? Key, IReadOnlyList<string> TaskIds)
{
    public static DocTarget Of(DartDoc doc, SyncRules rules) =>
        rules.FindKey(doc.Title) is { } key ? new DocTarget(key, []) : new DocTarget(null, DartDocLinks.TaskIds(doc.Text));

    /// <summary>Whether <paramref name="row"/> is a work order the doc belongs to, read in a folder of <paramref name="folderPhase"/> (null: any).</summary>
    public bool Names(WorkOrderTask row, int? folderPhase) =>
        (folderPhase is null || row.ParentPhase == folderPhase)
        && (Key is { } key
            ? row.ParentPhase == key.Phase && row.TaskNumber == key.Task
            : row.DartTaskId is { } id && TaskIds.Contains(id, StringComparer.Ordinal));

    /// <summary>Why a doc whose title carries a key is a deliverable of nothing, for the finding report_unmatched.</summary>
    public static string Unmatched(DartDoc doc, WorkOrderKey key, ReportFolder folder) =>
        folder.Phase is { } phase && phase != key.Phase
            ? $"Report doc {doc.Id} '{doc.Title}' in the phase {phase} folder '{folder.Title}' names {key}, a work order of phase {key.Phase}; not a deliverable."
            : $"Report doc {doc.Id} '{doc.Title}' names {key}, which no work order has; it becomes its deliverable once the work order exists.";
}
