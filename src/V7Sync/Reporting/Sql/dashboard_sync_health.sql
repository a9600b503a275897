-- The sync's health: the poll stream's state, the webhook inbox and the push outbox (one row, even before the first poll).
SELECT s.last_success_at AS last_successful_poll, s.watermark, s.last_run_started_at, s.last_full_sync_at,
       s.last_tasks_seen, s.last_error_at, s.last_error,
       (SELECT COUNT(*) FROM dart_webhook_inbox_queue WHERE due_at IS NOT NULL) AS inbox_pending,
       (SELECT COUNT(*) FROM dart_webhook_inbox_queue WHERE due_at IS NULL) AS inbox_dead,
       (SELECT MAX(received_at) FROM dart_webhook_inbox) AS last_webhook_at,
       (SELECT COUNT(*) FROM dart_outbox WHERE status IN ('pending', 'processing')) AS outbox_pending,
       (SELECT COUNT(*) FROM dart_outbox WHERE status = 'dead') AS outbox_dead
FROM (SELECT 1) AS one
LEFT JOIN dart_sync_state s ON s.stream = 'poll'
