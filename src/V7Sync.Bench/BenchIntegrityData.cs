namespace V7Sync.Bench;

/// <summary>
/// The data `bench integrity` runs the rules over, generated in the database (no rows cross the wire): 100,000 tasks
/// over the seven phases, each depending on the two tasks before it in its phase, progressing in order (early tasks
/// completed, a band in progress, the rest pending) as a real plan does, with a few hundred planted violations of
/// every rule; and 50,000 file_audit rows. Task ids are explicit so that dependencies can name them.
/// </summary>
internal static class BenchIntegrityData
{
    public const int Tasks = 100_000;
    public const int FileAuditRows = 50_000;

    public const string Load = """
        INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, status, dart_task_id, dart_task_url,
                                          started_at, completed_at, dependencies)
        SELECT i, p, n, 'Bench task ' || i,
               CASE WHEN n <= 8000 THEN 'completed'
                    WHEN n <= 8100 OR i % 997 = 0 THEN 'in_progress'   -- every 997th: started ahead of its dependencies
                    ELSE 'pending' END,
               CASE WHEN i % 1301 = 0 AND n <= 8000 THEN NULL           -- completed without a DART link
                    WHEN i % 1499 = 0 THEN 'dart-' || (i - 7)           -- two rows linked to one DART task
                    ELSE 'dart-' || i END,
               'https://app.dartai.com/t/dart-' || i,
               CASE WHEN n <= 8100 OR i % 997 = 0 THEN @now - make_interval(days => n % 14) END,
               CASE WHEN n <= 8000 THEN @now - make_interval(days => 1) END,
               (CASE WHEN n > 2 THEN ARRAY[i - 7, i - 14] WHEN n = 2 THEN ARRAY[i - 7] ELSE '{}'::int[] END)
               || CASE WHEN i % 1009 = 0 THEN ARRAY[1000000 + i] ELSE '{}'::int[] END               -- a missing task
               || CASE WHEN i % 4999 = 0 AND i + 21 <= 100000 THEN ARRAY[i + 21] ELSE '{}'::int[] END -- i → i+21 → i+14 → i+7 → i
        FROM generate_series(1, 100000) AS i
        CROSS JOIN LATERAL (SELECT (i - 1) % 7 + 1 AS p, (i - 1) / 7 + 1 AS n) AS k;
        SELECT setval(pg_get_serial_sequence('v7_subworkflow_tasks', 'id'), 100000);

        INSERT INTO file_audit (file_path, v7_workflow_status, v7_target_name, v7_impact_score)
        SELECT 'src/module_' || (i % 500) || '/file_' || i || '.py',
               (ARRAY['pending_assessment', 'assessed', 'designed', 'approved', 'implementing', 'testing', 'migrated', 'retired'])[i % 8 + 1],
               'WF7_V7_L1_' || i || '.py', i % 11
        FROM generate_series(1, 50000) AS i;

        -- Phase 1 done while tasks are open; phase 2 in review with no deliverables.
        UPDATE v7_migration_workflow SET status = 'completed', approval_status = 'approved' WHERE phase_number = 1;
        UPDATE v7_migration_workflow SET status = 'review' WHERE phase_number = 2;

        -- What the reconciler raised: unlinked DART tasks, half of which are linked by now (so they resolve).
        INSERT INTO v7_sync_findings (rule, subject, dart_task_id, message)
        SELECT 'dart_task_unlinked', s, s, 'DART task ' || s || ' matches no work order'
        FROM (SELECT CASE WHEN i % 2 = 0 THEN 'dart-' || i ELSE 'unknown-' || i END AS s FROM generate_series(1, 200) AS i) AS u;

        ANALYZE;
        """;
}
