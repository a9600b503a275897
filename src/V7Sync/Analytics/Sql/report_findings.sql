-- The open findings, oldest first (v7_open_findings), and how many there are in all.
SELECT rule, work_order, task_name, message, first_seen_at, count(*) OVER () AS total
FROM v7_open_findings
ORDER BY first_seen_at, id
LIMIT @limit;
