-- The guide's §4.1 "current phase details", as written.
SELECT
    phase_name,
    status,
    lead_persona,
    EXTRACT(DAY FROM (CURRENT_TIMESTAMP - started_at)) as days_in_progress,
    jsonb_array_length(blockers) as blocker_count
FROM v7_migration_workflow
WHERE status = 'in_progress'
