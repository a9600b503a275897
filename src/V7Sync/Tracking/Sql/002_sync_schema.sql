-- Sync-owned tables and views. Their names and columns are part of the contract with the conductor (design.md).

-- Every change V7Sync makes, one row per changed field. Append-only: nothing updates or deletes these rows.
CREATE TABLE v7_sync_audit (
    id           bigserial PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    source       text NOT NULL
        CONSTRAINT ck_v7_sync_audit_source CHECK (source IN ('poll', 'webhook', 'resync', 'job', 'cli')),
    action       text NOT NULL,
    task_id      integer,
    dart_task_id text,
    field        text,
    old_value    text,
    new_value    text,
    detail       jsonb NOT NULL DEFAULT '{}'::jsonb,
    trace_id     text
);
CREATE INDEX ix_v7_sync_audit_occurred_at ON v7_sync_audit (occurred_at DESC, id DESC);
CREATE INDEX ix_v7_sync_audit_task_id ON v7_sync_audit (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX ix_v7_sync_audit_dart_task_id ON v7_sync_audit (dart_task_id) WHERE dart_task_id IS NOT NULL;

-- Problems for the conductor: at most one open row per rule and subject; resolved rows stay as history.
CREATE TABLE v7_sync_findings (
    id            bigserial PRIMARY KEY,
    rule          text NOT NULL,
    subject       text NOT NULL,
    status        text NOT NULL DEFAULT 'open'
        CONSTRAINT ck_v7_sync_findings_status CHECK (status IN ('open', 'resolved')),
    task_id       integer,
    dart_task_id  text,
    message       text NOT NULL,
    detail        jsonb NOT NULL DEFAULT '{}'::jsonb,
    first_seen_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    last_seen_at  timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    resolved_at   timestamptz
);
CREATE UNIQUE INDEX uq_v7_sync_findings_open ON v7_sync_findings (rule, subject) WHERE status = 'open';

-- Every authentic webhook delivery, raw body kept, durable before it is acknowledged.
CREATE TABLE dart_webhook_inbox (
    id              bigserial PRIMARY KEY,
    received_at     timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    event_type      text,
    dart_task_id    text,
    dart_updated_at timestamptz,
    -- (event kind, task id, updatedAt) when the payload has them: the same event re-sent is stored once.
    dedupe_key      text,
    body_sha256     text NOT NULL,
    raw_body        bytea NOT NULL,
    status          text NOT NULL DEFAULT 'pending'
        CONSTRAINT ck_dart_webhook_inbox_status CHECK (status IN
            ('pending', 'processing', 'processed', 'ignored', 'rejected', 'dead')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    locked_until    timestamptz,
    processed_at    timestamptz,
    last_error      text
);
CREATE UNIQUE INDEX uq_dart_webhook_inbox_dedupe_key ON dart_webhook_inbox (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE UNIQUE INDEX uq_dart_webhook_inbox_body ON dart_webhook_inbox (body_sha256);
CREATE INDEX ix_dart_webhook_inbox_claim ON dart_webhook_inbox (next_attempt_at, id) WHERE status IN ('pending', 'processing');

-- The poll watermark and the facts of the last runs, one row per sync stream ('poll').
CREATE TABLE dart_sync_state (
    stream              text PRIMARY KEY,
    watermark           timestamptz,
    last_run_started_at timestamptz,
    last_success_at     timestamptz,
    last_full_sync_at   timestamptz,
    last_error          text,
    last_error_at       timestamptz,
    last_tasks_seen     integer NOT NULL DEFAULT 0,
    updated_at          timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The audit log as the conductor reads it: work-order key and task name next to the DART id.
CREATE VIEW v7_sync_audit_log AS
SELECT
    a.id,
    a.occurred_at,
    a.source,
    a.action,
    'P' || t.parent_phase || '.T' || t.task_number AS work_order,
    t.task_name,
    a.task_id,
    a.dart_task_id,
    a.field,
    a.old_value,
    a.new_value,
    a.detail,
    a.trace_id
FROM v7_sync_audit a
LEFT JOIN v7_subworkflow_tasks t ON t.id = a.task_id;

CREATE VIEW v7_open_findings AS
SELECT
    f.id,
    f.rule,
    f.subject,
    'P' || t.parent_phase || '.T' || t.task_number AS work_order,
    t.task_name,
    f.task_id,
    f.dart_task_id,
    f.message,
    f.detail,
    f.first_seen_at,
    f.last_seen_at
FROM v7_sync_findings f
LEFT JOIN v7_subworkflow_tasks t ON t.id = f.task_id
WHERE f.status = 'open';
