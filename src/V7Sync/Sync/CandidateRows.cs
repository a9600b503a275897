using Microsoft.EntityFrameworkCore;
using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>The rows a batch of snapshots may touch: linked to one of their DART ids, or named by a key in a title.</summary>
internal static class CandidateRowsQuery
{
    /// <param name="lockRows">Lock them (FOR UPDATE, in id order so two writers never deadlock) for the apply.</param>
    public static IQueryable<WorkOrderTask> For(DbSet<WorkOrderTask> tasks, IEnumerable<DartTask> snapshots, SyncRules rules, bool lockRows)
    {
        var list = snapshots as IReadOnlyCollection<DartTask> ?? snapshots.ToList();
        var ids = list.Select(s => s.Id).Distinct().ToArray();
        var keys = list.Select(s => rules.FindKey(s.Title)).OfType<WorkOrderKey>().Distinct().ToArray();
        var phases = keys.Select(k => k.Phase).ToArray();
        var numbers = keys.Select(k => k.Task).ToArray();
        // Two index lookups joined by UNION: an OR across the two would make PostgreSQL scan the whole table.
        return lockRows
            ? tasks.FromSql($"""
                SELECT * FROM v7_subworkflow_tasks WHERE id IN (
                    SELECT id FROM v7_subworkflow_tasks WHERE dart_task_id = ANY({ids})
                    UNION SELECT t.id FROM v7_subworkflow_tasks t
                          JOIN unnest({phases}, {numbers}) AS k(phase, task) ON t.parent_phase = k.phase AND t.task_number = k.task)
                ORDER BY id FOR UPDATE
                """)
            : tasks.FromSql($"""
                SELECT * FROM v7_subworkflow_tasks WHERE id IN (
                    SELECT id FROM v7_subworkflow_tasks WHERE dart_task_id = ANY({ids})
                    UNION SELECT t.id FROM v7_subworkflow_tasks t
                          JOIN unnest({phases}, {numbers}) AS k(phase, task) ON t.parent_phase = k.phase AND t.task_number = k.task)
                """).AsNoTracking();
    }
}
