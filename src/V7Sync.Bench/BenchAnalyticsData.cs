namespace V7Sync.Bench;

/// <summary>
/// The data `bench analytics` runs over, generated in the database: 100,000 tasks over the seven phases, issued over
/// the last 175 days, each moving pending → in_progress → review → completed over a few weeks (every 37th blocked
/// for good, every 50th cancelled, every 20th reopened once and completed again), the recent ones still open; their
/// status moves as audit rows, and other audit rows (deliverables, links, ignored events) up to 1,000,000: a database
/// as migration 008 finds it, whose status log <see cref="Backfill"/> then builds as that migration does.
/// </summary>
internal static class BenchAnalyticsData
{
    public const int Tasks = 100_000;
    public const int AuditRows = 1_000_000;

    public const string Load = """
        CREATE TEMP TABLE bench_moves AS
        SELECT i AS task_id, m.ord, m.at, m.old_value, m.new_value
        FROM generate_series(1, 100000) AS i
        CROSS JOIN LATERAL (SELECT @now - interval '180 days' + i * interval '175 days' / 100000 AS created_at) AS c
        CROSS JOIN LATERAL (SELECT c.created_at + (i % 30 + 1) * interval '1 day' AS started,
                                   c.created_at + ((i % 30) + (i % 20) + 2) * interval '1 day' + (i % 24) * interval '1 hour' AS done) AS t
        CROSS JOIN LATERAL (VALUES
            (1, t.started, 'pending', 'in_progress'),
            (2, t.started + interval '1 day', 'in_progress', CASE WHEN i % 37 = 0 THEN 'blocked' ELSE 'review' END),
            (3, t.done, 'review', CASE WHEN i % 50 = 0 THEN 'cancelled' ELSE 'completed' END),
            (4, t.done + interval '2 days', 'completed', 'in_progress'),
            (5, t.done + interval '7 days', 'in_progress', 'completed')
        ) AS m(ord, at, old_value, new_value)
        WHERE m.at <= @now
          AND NOT (i % 37 = 0 AND m.ord > 2)                       -- blocked for good
          AND (m.ord < 4 OR (i % 20 = 0 AND i % 50 <> 0));          -- every 20th task reopened once

        INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, responsible_persona, status, dart_task_id,
                                          created_at, updated_at, started_at, completed_at)
        SELECT i, (i - 1) % 7 + 1, (i - 1) / 7 + 1, 'Bench task ' || i,
               (ARRAY['Layer 1 Data Sentinel', 'Layer 1 Guardian', 'Layer 2 Builder', 'Layer 3 Integrator', 'Test Sentinel', 'The Architect'])[i % 6 + 1],
               COALESCE(m.last_status, 'pending'), 'dart-' || i, c.created_at, COALESCE(m.last_at, c.created_at), m.started_at,
               CASE WHEN m.last_status = 'completed' THEN m.last_at END
        FROM generate_series(1, 100000) AS i
        CROSS JOIN LATERAL (SELECT @now - interval '180 days' + i * interval '175 days' / 100000 AS created_at) AS c
        LEFT JOIN (SELECT b.task_id, min(b.at) FILTER (WHERE b.new_value = 'in_progress') AS started_at,
                          (array_agg(b.new_value ORDER BY b.ord DESC))[1] AS last_status, max(b.at) AS last_at
                   FROM bench_moves b GROUP BY b.task_id) AS m ON m.task_id = i;
        SELECT setval(pg_get_serial_sequence('v7_subworkflow_tasks', 'id'), 100000);

        INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, new_value)
        SELECT b.at, 'poll', 'status_changed', b.task_id, 'dart-' || b.task_id, 'status', b.old_value, b.new_value
        FROM bench_moves b ORDER BY b.at;

        -- The rest of a real audit log, up to 1,000,000 rows: deliverables, links, ignored stale events.
        INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, field, old_value, new_value)
        SELECT @now - interval '180 days' + j * interval '180 days' / 1000000, 'webhook',
               (ARRAY['deliverable_added', 'task_linked', 'event_stale_ignored', 'started_at_set', 'completed_at_set'])[j % 5 + 1],
               j % 100000 + 1, 'dart-' || (j % 100000 + 1), 'deliverable_urls', NULL, 'https://app.dartai.com/o/doc' || j
        FROM generate_series(1, 1000000 - (SELECT count(*) FROM bench_moves)) AS j;

        DROP TABLE bench_moves;
        """;

    /// <summary>
    /// The status log as migration 008 builds it from the audited moves (the inserts above logged only what the rows
    /// themselves say, as for tasks filed by hand); returns the entries written. Its commit is flushed before it
    /// returns even on a server with synchronous_commit off: until then no reader may set the new rows' hint bits, so
    /// the VACUUM that follows could not mark their pages all-visible and the views' index-only scans would visit the
    /// table for every row, as they would on no server that has run a while.
    /// </summary>
    public const string Backfill = """
        TRUNCATE v7_task_status_log, v7_task_status_times;
        SELECT v7_task_status_log_backfill(), set_config('synchronous_commit', 'on', true);
        """;

    /// <summary>
    /// Run after the load, outside its transaction: the tables as autovacuum leaves them once they have been filled
    /// for a while, every page all-visible (the views' index-only scans read no table page). FREEZE, because it waits
    /// for a page the checkpointer holds rather than skip it as a plain VACUUM would, leaving that page to be read.
    /// </summary>
    public const string Vacuum = "VACUUM (FREEZE, ANALYZE) v7_sync_audit, v7_subworkflow_tasks, v7_task_status_log, v7_task_status_times";
}
