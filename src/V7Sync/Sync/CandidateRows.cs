using Microsoft.EntityFrameworkCore;
using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// The rows a batch of snapshots may touch (linked to one of their DART ids, or named by a key in a title), indexed
/// by DART id and work-order key and kept current as rows get linked.
/// </summary>
internal sealed class CandidateRows
{
    private readonly Dictionary<int, WorkOrderTask> _byId;
    private readonly Dictionary<string, List<WorkOrderTask>> _byDartId = new(StringComparer.Ordinal);
    private readonly Dictionary<WorkOrderKey, WorkOrderTask> _byKey = [];
    private readonly Dictionary<int, HashSet<string>> _pending;

    private CandidateRows(List<WorkOrderTask> rows, Dictionary<int, HashSet<string>> pending)
    {
        _pending = pending;
        _byId = rows.ToDictionary(r => r.Id);
        foreach (var row in rows)
        {
            _byKey[new WorkOrderKey(row.ParentPhase, row.TaskNumber)] = row;
            if (row.DartTaskId is { } dartId)
            {
                Index(dartId, row);
            }
        }
    }

    /// <summary>
    /// The candidate rows, locked (FOR UPDATE, in id order so two writers never deadlock) for the apply, with the fields
    /// whose push to DART is pending (read after the locks: a conductor's write committed before them is seen).
    /// </summary>
    public static async Task<CandidateRows> LockAsync(TrackingDbContext db, IEnumerable<DartTask> snapshots, SyncRules rules,
        CancellationToken cancellationToken)
    {
        var rows = await Query(db.Tasks, snapshots, rules, lockRows: true).AsNoTracking().ToListAsync(cancellationToken);
        return new(rows, await PendingPushes.ReadAsync(db, [.. rows.Select(r => r.Id)], cancellationToken));
    }

    /// <summary>The rows' ids, as the subjects of their per-task findings (status_conflict).</summary>
    public IEnumerable<string> TaskSubjects => _byId.Keys.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <param name="lockRows">Lock them (FOR UPDATE, in id order so two writers never deadlock) for the apply.</param>
    public static IQueryable<WorkOrderTask> Query(DbSet<WorkOrderTask> tasks, IEnumerable<DartTask> snapshots, SyncRules rules, bool lockRows)
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

    public WorkOrderTask Get(int id) => _byId[id];

    public IEnumerable<TrackedTask> For(DartTask snapshot, SyncRules rules)
    {
        if (_byDartId.TryGetValue(snapshot.Id, out var linked))
        {
            foreach (var row in linked)
            {
                yield return TrackedTask.From(row, _pending.GetValueOrDefault(row.Id));
            }
        }

        if (rules.FindKey(snapshot.Title) is { } key && _byKey.TryGetValue(key, out var byKey))
        {
            yield return TrackedTask.From(byKey, _pending.GetValueOrDefault(byKey.Id));
        }
    }

    public void Link(WorkOrderTask row, string dartTaskId)
    {
        if (row.DartTaskId != dartTaskId)
        {
            Index(dartTaskId, row);
        }
    }

    private void Index(string dartTaskId, WorkOrderTask row)
    {
        if (!_byDartId.TryGetValue(dartTaskId, out var list))
        {
            _byDartId[dartTaskId] = list = [];
        }

        list.Add(row);
    }
}
