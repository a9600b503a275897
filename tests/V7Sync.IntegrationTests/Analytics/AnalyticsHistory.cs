using Npgsql;
using V7Sync.Analytics;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Analytics;

/// <summary>
/// A hand-built history with known answers (AnalyticsViewsTests computes each by hand in its comments). "Now" is
/// Wed 2026-11-25 12:00 UTC; the history starts Mon 2026-11-02 (ISO week 45).
/// Phase 1 (in progress, one blocker): T1 done in order; T2 completed, reopened, completed again; T3 started, then
/// cancelled by the conductor in SQL (not audited); T4 completed by the guide's UPDATE (no audit rows at all); T5
/// never moved; T6 started, then blocked. Phase 2: T7 done, T8 pending. Phase 7 completed and approved.
/// Built as the writers build it, one write at a time, so the status log sees each move as it would live; the audited
/// moves leave their audit rows too, as the migration's backfill reads them.
/// </summary>
internal static class AnalyticsHistory
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static async Task SeedAsync(TestDatabase db)
    {
        await db.ExecuteAsync(
            """
            -- The times below are UTC, whatever the server's time zone.
            SET TIME ZONE 'UTC';
            UPDATE v7_migration_workflow SET status = 'in_progress', blockers = '["waiting on the DBA"]' WHERE phase_number = 1;
            UPDATE v7_migration_workflow SET status = 'completed', approval_status = 'approved' WHERE phase_number = 7;
            -- The work orders as filed, pending since created_at; then every move as its writer makes it, at its time
            -- (updated_at: what the transaction's clock says when it happens live).
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, responsible_persona, created_at, updated_at) VALUES
                (1, 1, 1, 'T1', 'A', '2026-11-02', '2026-11-02'),
                (2, 1, 2, 'T2', 'A', '2026-11-02', '2026-11-02'),
                (3, 1, 3, 'T3', 'B', '2026-11-02', '2026-11-02'),
                (4, 1, 4, 'T4', 'B', '2026-11-02', '2026-11-02'),
                (5, 1, 5, 'T5', NULL, '2026-11-03', '2026-11-03'),
                (6, 1, 6, 'T6', 'A', '2026-11-02', '2026-11-02'),
                (7, 2, 1, 'T7', 'A', '2026-11-09', '2026-11-09'),
                (8, 2, 2, 'T8', NULL, '2026-11-09', '2026-11-09');
            -- V7Sync's reconciler: the row (started_at on the first move into in_progress, completed_at on completing,
            -- cleared on reopening) and the audit row of the move.
            CREATE FUNCTION pg_temp.reconcile(task integer, at timestamptz, moved_to text, source text) RETURNS void LANGUAGE sql AS $$
                INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, field, old_value, new_value)
                SELECT at, source, 'status_changed', id, 'status', status, moved_to FROM v7_subworkflow_tasks WHERE id = task;
                UPDATE v7_subworkflow_tasks
                SET status = moved_to, updated_at = at,
                    started_at = COALESCE(started_at, CASE WHEN moved_to = 'in_progress' THEN at END),
                    completed_at = CASE WHEN moved_to = 'completed' THEN at END
                WHERE id = task;
            $$;
            SELECT pg_temp.reconcile(m.task, m.at::timestamptz, m.moved_to, m.source) FROM (VALUES
                (1, '2026-11-03', 'in_progress', 'poll'),
                (1, '2026-11-05', 'review', 'poll'),
                (1, '2026-11-06', 'completed', 'poll'),
                (2, '2026-11-04', 'in_progress', 'webhook'),
                (2, '2026-11-07', 'completed', 'webhook'),
                (2, '2026-11-10', 'in_progress', 'webhook'),
                (2, '2026-11-12', 'completed', 'webhook'),
                (3, '2026-11-05', 'in_progress', 'poll'),
                (6, '2026-11-16', 'in_progress', 'poll'),
                (6, '2026-11-18', 'blocked', 'poll'),
                (7, '2026-11-16', 'in_progress', 'poll'),
                (7, '2026-11-20 12:00', 'completed', 'poll')
            ) AS m(task, at, moved_to, source)
            ORDER BY m.at, m.task;
            INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, field, old_value, new_value) VALUES
                -- Other audit rows of the same tasks are not status history.
                ('2026-11-06', 'poll', 'completed_at_set', 1, 'completed_at', NULL, '2026-11-06'),
                ('2026-11-07', 'poll', 'deliverable_added', 2, 'deliverable_urls', NULL, 'https://app.dartai.com/o/x');
            -- The conductor cancels T3 by SQL on 2026-11-08; V7Sync does not audit that.
            UPDATE v7_subworkflow_tasks SET status = 'cancelled', updated_at = '2026-11-08' WHERE id = 3;
            -- The guide's completion statement (§3.2) on T4 on 2026-11-09: no audit row either.
            UPDATE v7_subworkflow_tasks SET status = 'completed', completed_at = '2026-11-09', updated_at = '2026-11-09' WHERE id = 4;

            INSERT INTO v7_sync_findings (rule, subject, task_id, message, status) VALUES
                ('stale_in_progress', '5', 5, 'stale', 'open'),
                ('completed_without_dart_link', '4', 4, 'no link', 'open'),
                ('phase_done_with_open_tasks', 'P1', NULL, 'phase', 'open'),
                ('completed_without_dart_link', '1', 1, 'fixed since', 'resolved'),
                ('dart_task_unlinked', 'ZZZZZZZZZZZ1', NULL, 'no phase', 'open');
            INSERT INTO v7_enum_migrations (current_enum_name, v7_enum_name, risk_level, status) VALUES
                ('a', 'v7_a', 'critical', 'proposed'), ('b', 'v7_b', 'high', 'implemented'),
                ('c', 'v7_c', 'high', 'approved'), ('d', 'v7_d', 'low', 'proposed');
            INSERT INTO v7_global_impacts (change_type, risk_assessment, approval_status) VALUES
                ('enum', 'high', 'pending'), ('rename', 'critical', 'approved');
            INSERT INTO v7_test_results (test_type, component_tested, v7_file_path, test_status, backwards_compatible, tested_at) VALUES
                ('integration', 'Contact Model', 'src/contact.py', 'fail', true, '2026-11-10'),
                ('integration', 'Contact Model', 'src/contact.py', 'pass', true, '2026-11-12'),
                ('unit', 'Enum', NULL, 'error', NULL, '2026-11-11'),
                ('integration', 'Orders', 'src/orders.py', 'pass', false, '2026-11-11');
            """);
    }

    /// <summary>Every row of a query, as column → value, read as of <see cref="Now"/> (AnalyticsSession).</summary>
    public static async Task<List<Dictionary<string, object?>>> ReadAsync(TestDatabase db, string sql, DateTimeOffset? now = null)
    {
        await using var connection = await db.OpenAsync();
        await using var session = await AnalyticsSession.BeginAsync(connection, now ?? Now, CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        }

        return rows;
    }
}
