using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace V7Sync.Tracking;

/// <summary>
/// The owned fields of each work order whose push to DART is still pending (a dart_outbox row not yet done: pending
/// or processing). A DART snapshot never overwrites one of them: DART has not seen the conductor's write yet.
/// </summary>
internal static class PendingPushes
{
    /// <param name="exceptOutboxId">The row the caller is finishing itself (the push processor), not pending for it.</param>
    public static async Task<Dictionary<int, HashSet<string>>> ReadAsync(TrackingDbContext db, IReadOnlyCollection<int> taskIds,
        CancellationToken cancellationToken, long exceptOutboxId = 0)
    {
        var pending = new Dictionary<int, HashSet<string>>();
        if (taskIds.Count == 0)
        {
            return pending;
        }

        // On the context's connection, so it runs in the caller's transaction, after its row locks.
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT DISTINCT o.task_id, f.field
            FROM dart_outbox o CROSS JOIN LATERAL unnest(o.fields) AS f(field)
            WHERE o.task_id = ANY($1) AND o.status IN ('pending', 'processing') AND o.id <> $2
            """, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. taskIds] });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = exceptOutboxId });
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
