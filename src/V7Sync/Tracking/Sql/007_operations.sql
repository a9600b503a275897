-- Operations (issue 13): the inbox records what it did without writing the audit log, keeps its claims short and
-- recoverable, and can be pruned; one cheap read of the figures an operator alerts on.

-- superseded: an older or repeated delivery that changed nothing; superseded_by is the applied version it lost to.
-- It is news to nobody, so it is kept here (and counted in a metric), never in v7_sync_audit.
ALTER TABLE dart_webhook_inbox DROP CONSTRAINT ck_dart_webhook_inbox_status;
ALTER TABLE dart_webhook_inbox ADD CONSTRAINT ck_dart_webhook_inbox_status CHECK (status IN
    ('pending', 'processing', 'processed', 'ignored', 'rejected', 'dead', 'superseded'));
ALTER TABLE dart_webhook_inbox ADD COLUMN superseded_by timestamptz;

-- The token of the claim that holds a row. A processor whose claim committed but whose reply was lost (the
-- connection died with the answer in flight) asks for its rows again by this token once it reconnects, instead of
-- leaving them to their lease.
ALTER TABLE dart_webhook_inbox ADD COLUMN claim_token uuid;
CREATE INDEX ix_dart_webhook_inbox_claim_token ON dart_webhook_inbox (claim_token) WHERE claim_token IS NOT NULL;

-- Retention (RetentionJob): a finished row past Retention:InboxDays loses its raw body and keeps its hash and dedupe
-- key, so a replay of that delivery is still recognised (the unique indexes are on body_sha256 and dedupe_key).
ALTER TABLE dart_webhook_inbox ALTER COLUMN raw_body DROP NOT NULL;
CREATE INDEX ix_dart_webhook_inbox_prunable ON dart_webhook_inbox (processed_at)
    WHERE raw_body IS NOT NULL AND status IN ('processed', 'ignored', 'superseded');

-- What the metrics gauges read, in one call: inbox and outbox backlog, the poll's last success and watermark.
CREATE OR REPLACE FUNCTION v7_operations_snapshot(
    OUT inbox_pending bigint, OUT inbox_dead bigint, OUT outbox_pending bigint, OUT outbox_dead bigint,
    OUT last_success_at timestamptz, OUT watermark timestamptz)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    SELECT count(*) FILTER (WHERE i.status IN ('pending', 'processing')), count(*) FILTER (WHERE i.status = 'dead')
    INTO inbox_pending, inbox_dead
    FROM dart_webhook_inbox i WHERE i.status IN ('pending', 'processing', 'dead');
    SELECT s.last_success_at, s.watermark INTO last_success_at, watermark FROM dart_sync_state s WHERE s.stream = 'poll';
    SELECT count(*) FILTER (WHERE o.status IN ('pending', 'processing')), count(*) FILTER (WHERE o.status = 'dead')
    INTO outbox_pending, outbox_dead
    FROM dart_outbox o WHERE o.status IN ('pending', 'processing', 'dead');
END
$$;
