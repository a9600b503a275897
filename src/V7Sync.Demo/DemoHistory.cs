using Npgsql;
using V7Sync.Sandbox;
using V7Sync.Tracking;

namespace V7Sync.Demo;

/// <summary>
/// Sample history for the demo, so the report has weeks of curves to draw: backdated creation, status moves
/// (audited as status_changed, source cli, detail {"sample_history": true}, and put in the status log the analytics
/// read) and started/completed times for a few sample work orders, one of them reopened and one stale. Written only
/// for work orders the demo has just created; DART starts from the same end state, so the first poll changes nothing.
/// Times count back from today 00:00 UTC.
/// </summary>
internal static class DemoHistory
{
    /// <summary>Days before today each phase's work orders were issued.</summary>
    private static int CreatedDaysAgo(int phase) => phase switch { 1 => 35, 2 => 28, 3 or 4 => 21, 5 or 6 => 14, _ => 7 };

    /// <summary>Per work order, its moves: days before today (at 10:00 UTC) and the status moved into.</summary>
    private static readonly Dictionary<string, (int DaysAgo, string Status)[]> Moves = new(StringComparer.Ordinal)
    {
        ["P1.T1"] = [(33, "in_progress"), (30, "review"), (29, "completed")],
        ["P1.T2"] = [(31, "in_progress"), (24, "completed"), (22, "in_progress"), (19, "review"), (18, "completed")],
        ["P1.T4"] = [(26, "in_progress"), (21, "blocked"), (16, "in_progress"), (12, "review"), (10, "completed")],
        ["P2.T1"] = [(20, "in_progress"), (13, "review"), (9, "completed")],
        ["P2.T3"] = [(12, "in_progress")],
        ["P3.T1"] = [(8, "in_progress"), (5, "review"), (3, "completed")],
        ["P4.T1"] = [(4, "in_progress")],
    };

    private static DateTimeOffset Today(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    private static DateTimeOffset At(DateTimeOffset now, int daysAgo) => Today(now).AddDays(-daysAgo).AddHours(10);

    /// <summary>Where the sample history leaves a work order, for DART to start from; null: it has none.</summary>
    public static SampleProgress? Progress(SampleWorkOrder order, DateTimeOffset now)
    {
        if (!Moves.TryGetValue(order.Key, out var moves))
        {
            return null;
        }

        var (daysAgo, status) = moves[^1];
        return new SampleProgress(DemoProgress.DartStatusOf[status], status == "completed" ? At(now, daysAgo) : null, []);
    }

    /// <summary>Backdates the given (just created) work orders and writes their sample moves, in one transaction.</summary>
    public static async Task WriteAsync(NpgsqlDataSource dataSource, IReadOnlyList<SampleWorkOrder> created, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        // The history stands for what the personas did in DART and V7Sync synced, not for conductor decisions: written
        // under V7Sync's own origin marker, it is not captured for pushing back to DART (DART starts from it anyway).
        batch.BatchCommands.Add(Command("SET LOCAL v7sync.origin = 'dart'"));
        foreach (var order in created)
        {
            var moves = Moves.GetValueOrDefault(order.Key) ?? [];
            var status = moves.Length == 0 ? "pending" : moves[^1].Status;
            var started = moves.Where(m => m.Status == "in_progress").Select(m => (DateTimeOffset?)At(now, m.DaysAgo)).FirstOrDefault();
            var completed = status == "completed" ? At(now, moves[^1].DaysAgo) : (DateTimeOffset?)null;
            var last = moves.Length == 0 ? At(now, CreatedDaysAgo(order.Phase)) : At(now, moves[^1].DaysAgo);
            batch.BatchCommands.Add(Command(
                """
                UPDATE v7_subworkflow_tasks SET created_at = $1, status = $2, started_at = $3, completed_at = $4, updated_at = $5
                WHERE parent_phase = $6 AND task_number = $7
                """,
                At(now, CreatedDaysAgo(order.Phase)), status, started, completed, last, order.Phase, order.Task));
            var from = "pending";
            foreach (var (daysAgo, to) in moves)
            {
                batch.BatchCommands.Add(Command(
                    """
                    INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, new_value, detail)
                    SELECT $1, $2, $3, id, dart_task_id, 'status', $4, $5, '{"sample_history": true}'::jsonb
                    FROM v7_subworkflow_tasks WHERE parent_phase = $6 AND task_number = $7
                    """,
                    At(now, daysAgo), AuditSources.Cli, AuditActions.StatusChanged, from, to, order.Phase, order.Task));
                from = to;
            }
        }

        // The status log saw these work orders created today and moved to their end state just now: their history is
        // the sample's instead, built from its audit rows by migration 008's own backfill.
        foreach (var order in created)
        {
            batch.BatchCommands.Add(Command(
                """
                DELETE FROM v7_task_status_log l USING v7_subworkflow_tasks t
                WHERE l.task_id = t.id AND t.parent_phase = $1 AND t.task_number = $2
                """,
                order.Phase, order.Task));
        }

        batch.BatchCommands.Add(Command("SELECT v7_task_status_log_backfill()"));
        batch.BatchCommands.Add(Command(
            "UPDATE v7_migration_workflow SET started_at = $1 WHERE phase_number = 1 AND started_at > $1", At(now, CreatedDaysAgo(1))));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
