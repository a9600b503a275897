using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace V7Sync.Tracking;

/// <summary>
/// The plan fields of each work order whose push to DART is still pending (an update row of dart_outbox not yet done:
/// pending or processing). A DART snapshot never overwrites one of them: DART has not seen the conductor's write yet.
/// A create waiting is no such field: if DART has a task carrying the key already, it is the work order's, and its
/// state applies; but a create in flight (processing) is marked <see cref="CreateInFlight"/>: the push links its answer.
/// </summary>
internal static class PendingPushes
{
    /// <summary>Marks a work order whose DART task is being created right now (the push stores the link).</summary>
    public const string CreateInFlight = "(create in flight)";

    /// <param name="exceptOutboxId">The row the caller is finishing itself (the push processor), not pending for it.</param>
    public static async Task<Dictionary<int, HashSet<string>>> ReadAsync(TrackingDbContext db, IReadOnlyCollection<int> taskIds,
        CancellationToken cancellationToken, long exceptOutboxId = 0)
    {
        var pending = new Dictionary<int, HashSet<string>>();
        if (taskIds.Count == 0)
        {
            return pending;
        }

        // On the context's connection, so it runs in the caller's transaction, after its row locks. The open statuses
        // stand on their own (the open-task index's predicate), so the planner reads that index, not the whole outbox.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT DISTINCT o.task_id, CASE WHEN o.kind = 'create' THEN $3 ELSE f.field END
            FROM dart_outbox o CROSS JOIN LATERAL unnest(o.fields) AS f(field)
            WHERE o.task_id = ANY($1) AND o.id <> $2 AND o.status IN ('pending', 'processing')
              AND (o.kind = 'update' OR (o.kind = 'create' AND o.status = 'processing'))
            """, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. taskIds] });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = exceptOutboxId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = CreateInFlight });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var taskId = reader.GetInt32(0);
            if (!pending.TryGetValue(taskId, out var fields))
            {
                pending[taskId] = fields = new HashSet<string>(StringComparer.Ordinal);
            }

            fields.Add(reader.GetString(1));
        }

        return pending;
    }
}
