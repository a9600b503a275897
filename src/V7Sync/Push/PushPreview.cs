using Microsoft.EntityFrameworkCore;
using Npgsql;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>
/// `v7sync push --dry-run`: what the outbox holds and what pushing it would do, planned exactly as the push plans it,
/// without claiming a row or calling DART. With --backfill, the creates a backfill would add.
/// </summary>
internal sealed class PushPreview(TrackingDbContext db, NpgsqlDataSource dataSource, PushRules rules)
{
    public async Task<IReadOnlyList<PushResult>> PreviewAsync(CancellationToken cancellationToken)
    {
        var open = await OpenRowsAsync(cancellationToken);
        var results = new List<PushResult>();
        foreach (var rows in open.GroupBy(r => r.TaskId).Select(g => g.OrderBy(r => r.Id).ToList()))
        {
            var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == rows[0].TaskId, cancellationToken);
            var blockers = task is null ? [] : (await PushInputs.BlockersAsync(db, [task], cancellationToken))[task.Id];
            var plan = PushPlanner.Plan(rows[0], rows[1..], task, blockers, rules);
            results.Add(plan.Action switch
            {
                PushAction.Create => PushResult.Of(rows[0], task, "would create", PlanFields.All, "unless DART has a task carrying the key: then it is linked"),
                PushAction.Update => PushResult.Of(rows[0], task, "would update", plan.FieldNames, null),
                _ => PushResult.Of(rows[0], task, "would skip", [], plan.Reason),
            });
        }

        return results;
    }

    private async Task<List<OutboxRow>> OpenRowsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, task_id, kind, fields, changes::text, attempts FROM dart_outbox WHERE status IN ('pending', 'processing') ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(DartOutbox.Row(reader));
        }

        return rows;
    }
}
