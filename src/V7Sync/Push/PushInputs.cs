using Microsoft.EntityFrameworkCore;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>What the planner needs besides the outbox rows, read the same way by the push and by its preview.</summary>
internal static class PushInputs
{
    /// <summary>For each work order, the DART ids of its dependencies that have a DART task, in dependency order (one query for all).</summary>
    public static async Task<Dictionary<int, IReadOnlyList<string>>> BlockersAsync(TrackingDbContext db, IEnumerable<WorkOrderTask> tasks,
        CancellationToken cancellationToken)
    {
        var list = tasks.ToList();
        var ids = list.SelectMany(t => t.Dependencies).Distinct().ToArray();
        var linked = ids.Length == 0 ? [] : await db.Tasks.AsNoTracking()
            .Where(t => ids.Contains(t.Id) && t.DartTaskId != null && t.DartTaskId != "")
            .Select(t => new { t.Id, t.DartTaskId })
            .ToDictionaryAsync(t => t.Id, t => t.DartTaskId!, cancellationToken);
        return list.ToDictionary(t => t.Id, t => (IReadOnlyList<string>)
            [.. t.Dependencies.Where(linked.ContainsKey).Select(d => linked[d]).Distinct(StringComparer.Ordinal)]);
    }
}
