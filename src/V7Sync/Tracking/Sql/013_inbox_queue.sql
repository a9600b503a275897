-- Issue 15: the inbox's claim and outcome become HOT updates. Every index that names a column a claim or an outcome
-- changes (status, next_attempt_at, locked_until, claim_token, processed_at) made each of a row's three versions a
-- new entry in all six of its indexes (13 entries an event, ~1.1 KiB of WAL, the random body-hash and dedupe-key
-- pages the costliest). What is due now lives in a narrow table of its own, kept by trigger, so that the inbox's
-- indexes name only what never changes after the insert and its updates stay on the row's page (migration 011).

-- One row for each delivery that is not finished: pending or processing (due_at: when it may be claimed, the lease's
-- end for a processing one) or dead (due_at NULL: waits for `v7sync inbox replay`). Finished deliveries have none.
CREATE TABLE dart_webhook_inbox_queue (
    inbox_id bigint PRIMARY KEY,
    due_at   timestamptz
);
CREATE INDEX ix_dart_webhook_inbox_queue_due ON dart_webhook_inbox_queue (due_at, inbox_id) WHERE due_at IS NOT NULL;

-- The one definition of the queue: derived from the rows a statement wrote, whoever wrote them (the processor, the
-- CLI, an operator's SQL), so no pending row can be missing from it. Once per statement, not per row.
CREATE FUNCTION v7_inbox_queue_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM dart_webhook_inbox_queue q USING changed c
    WHERE q.inbox_id = c.id AND c.status NOT IN ('pending', 'processing', 'dead');
    INSERT INTO dart_webhook_inbox_queue (inbox_id, due_at)
    SELECT c.id, CASE WHEN c.status = 'dead' THEN NULL ELSE GREATEST(c.next_attempt_at, c.locked_until) END
    FROM changed c WHERE c.status IN ('pending', 'processing', 'dead')
    ON CONFLICT (inbox_id) DO UPDATE SET due_at = EXCLUDED.due_at
        WHERE dart_webhook_inbox_queue.due_at IS DISTINCT FROM EXCLUDED.due_at;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_dart_webhook_inbox_queue_insert AFTER INSERT ON dart_webhook_inbox
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION v7_inbox_queue_sync();
CREATE TRIGGER trg_dart_webhook_inbox_queue_update AFTER UPDATE ON dart_webhook_inbox
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION v7_inbox_queue_sync();
CREATE FUNCTION v7_inbox_queue_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM dart_webhook_inbox_queue q USING gone g WHERE q.inbox_id = g.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_dart_webhook_inbox_queue_delete AFTER DELETE ON dart_webhook_inbox
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION v7_inbox_queue_forget();

-- The rows stored before: queued by the trigger itself, so the queue has the one definition above.
UPDATE dart_webhook_inbox SET status = status WHERE status IN ('pending', 'processing', 'dead');

-- The indexes that named changing columns go; retention finds old bodies by when they arrived (a body processed
-- before a date arrived before it), which never changes.
DROP INDEX ix_dart_webhook_inbox_claim;
DROP INDEX ix_dart_webhook_inbox_claim_token;
DROP INDEX ix_dart_webhook_inbox_prunable;
CREATE INDEX ix_dart_webhook_inbox_received_with_body ON dart_webhook_inbox (received_at) WHERE raw_body IS NOT NULL;

-- The metrics gauges' figures read the queue, not the whole inbox.
CREATE OR REPLACE FUNCTION v7_operations_snapshot(
    OUT inbox_pending bigint, OUT inbox_dead bigint, OUT outbox_pending bigint, OUT outbox_dead bigint,
    OUT last_success_at timestamptz, OUT watermark timestamptz)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    SELECT count(*) FILTER (WHERE q.due_at IS NOT NULL), count(*) FILTER (WHERE q.due_at IS NULL)
    INTO inbox_pending, inbox_dead
    FROM dart_webhook_inbox_queue q;
    SELECT s.last_success_at, s.watermark INTO last_success_at, watermark FROM dart_sync_state s WHERE s.stream = 'poll';
    SELECT count(*) FILTER (WHERE o.status IN ('pending', 'processing')), count(*) FILTER (WHERE o.status = 'dead')
    INTO outbox_pending, outbox_dead
    FROM dart_outbox o WHERE o.status IN ('pending', 'processing', 'dead');
END
$$;
