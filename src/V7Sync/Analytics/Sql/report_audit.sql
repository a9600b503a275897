-- The latest audit rows (v7_sync_audit_log), newest first.
SELECT occurred_at, source, action, work_order, task_name, field, old_value, new_value
FROM v7_sync_audit_log
ORDER BY occurred_at DESC, id DESC
LIMIT @limit;
