using Microsoft.EntityFrameworkCore;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// Full resync only, after the walk: linked rows whose DART task is in the trash, or that neither walk saw and DART no
/// longer knows, get dart_task_deleted and a finding. The rows themselves are kept.
/// </summary>
internal sealed class DeletedTaskSweep(DartPageWalker walker, TaskReconciler reconciler, TrackingDbContext db)
{
    /// <returns>How many DART tasks were newly marked deleted.</returns>
    public async Task<int> SweepAsync(SyncWalk walk, string source, CancellationToken cancellationToken)
    {
        await walker.WalkAsync(walk, since: null, inTrash: true, source, cancellationToken);
        var linked = await db.Tasks.AsNoTracking()
            .Where(t => t.DartTaskId != null)
            .Select(t => t.DartTaskId!)
            .Distinct()
            .ToListAsync(cancellationToken);
        var deleted = 0;
        foreach (var dartTaskId in linked.Where(id => !walk.Seen.Contains(id)))
        {
            string? reason = walk.Trashed.Contains(dartTaskId) ? "in DART's trash" : null;
            if (reason is null)
            {
                // Not listed: maybe outside the configured dartboard, maybe gone. Only DART can say.
                switch (await walker.TryGetTaskAsync(dartTaskId, cancellationToken))
                {
                    case { Task: { } task }:
                        walk.Reconciled = walk.Reconciled.Add(
                            await reconciler.ApplyOrSetAsideAsync([new TaskSnapshot(task, Fetched: true)], source, cancellationToken));
                        continue;
                    case { Unreadable: { } unreadable }:
                        walk.Meet(unreadable);
                        walk.Reconciled = walk.Reconciled.Add(await reconciler.SetAsideAsync([unreadable], source, cancellationToken));
                        continue;
                }

                reason = "not found in DART";
            }

            var summary = await reconciler.MarkDeletedAsync(dartTaskId, source, reason, cancellationToken);
            deleted += summary.AuditRows > 0 ? 1 : 0;
        }

        return deleted;
    }
}
