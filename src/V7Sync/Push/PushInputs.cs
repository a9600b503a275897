using Microsoft.EntityFrameworkCore;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>What the planner needs besides the outbox rows, read the same way by the push and by its preview.</summary>
internal static class PushInputs
{
    /// <summary>The DART ids of the work order's dependencies that have a DART task, in dependency order.</summary>
    public static async Task<IReadOnlyList<string>> BlockersAsync(TrackingDbContext db, WorkOrderTask task, CancellationToken cancellationToken)
    {
        if (task.Dependencies.Count == 0)
        {
            return [];
        }

        var ids = task.Dependencies.ToArray();
        var linked = await db.Tasks.AsNoTracking()
            .Where(t => ids.Contains(t.Id) && t.DartTaskId != null && t.DartTaskId != "")
            .Select(t => new { t.Id, t.DartTaskId })
            .ToDictionaryAsync(t => t.Id, t => t.DartTaskId!, cancellationToken);
        return [.. task.Dependencies.Where(linked.ContainsKey).Select(d => linked[d]).Distinct(StringComparer.Ordinal)];
    }
}
