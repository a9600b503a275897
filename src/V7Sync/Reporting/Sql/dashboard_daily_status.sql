-- The guide's §4.2 daily status report, as written.
WITH daily_metrics AS (
    SELECT
        (SELECT COUNT(*) FROM v7_migration_workflow WHERE status = 'completed') as phases_complete,
        (SELECT COUNT(*) FROM v7_subworkflow_tasks
         WHERE DATE(completed_at) = CURRENT_DATE) as tasks_completed_today,
        (SELECT COUNT(*) FROM file_audit
         WHERE v7_workflow_status = 'migrated'
         AND DATE(updated_at) = CURRENT_DATE) as files_migrated_today,
        (SELECT COUNT(*) FROM v7_subworkflow_tasks
         WHERE status = 'blocked') as active_blockers
)
SELECT
    phases_complete || '/7 phases' as phase_progress,
    tasks_completed_today || ' tasks' as today_completions,
    files_migrated_today || ' files' as today_migrations,
    active_blockers || ' blockers' as current_blockers
FROM daily_metrics
