-- The oldest open findings, as many as the dashboard shows (DashboardReport.FindingsShown).
SELECT rule, work_order, task_name, dart_task_id, message, first_seen_at
FROM v7_open_findings
ORDER BY first_seen_at, id
LIMIT @limit
