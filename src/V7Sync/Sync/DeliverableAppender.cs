using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// Appends deliverable URLs to a locked work-order row outside a DART task snapshot (a Dart doc linked in a comment, a
/// report doc): the decider's merge rule (<see cref="TaskDecider.MergeDeliverables"/>: in order, no duplicates, never
/// removed), the row queued for the transaction's one UPDATE, one deliverable_added audit row per URL added.
/// </summary>
internal static class DeliverableAppender
{
    /// <param name="detail">The audit rows' detail (where the link came from), or null.</param>
    /// <returns>The audit rows queued: one per URL added.</returns>
    public static int Append(TrackingTransaction work, WorkOrderTask row, IEnumerable<string> urls, string source, string? dartTaskId,
        DateTimeOffset now, object? detail)
    {
        var changes = new List<FieldChange>();
        row.DeliverableUrls = TaskDecider.MergeDeliverables(row.DeliverableUrls, urls, changes);
        if (changes.Count > 0)
        {
            work.Writes.Changed(row);
        }

        foreach (var change in changes)
        {
            work.Writes.Audit(source, change.Action, row.Id, dartTaskId, change.Field, change.OldValue, change.NewValue, now, detail);
        }

        return changes.Count;
    }
}
