-- The conductor → DART direction: every conductor write to a field the conductor owns (the plan) is captured, in
-- the same transaction, into dart_outbox, and V7Sync's push processor sends it to DART. V7Sync's own writes (what
-- it brings back from DART, and what it stores of DART's answers) run with `SET LOCAL v7sync.origin = 'dart'` and
-- are not captured, so nothing echoes.

-- Who set the row's status: the conductor (any SQL) or V7Sync from DART. A `cancelled`/`deferred` the conductor
-- wrote is a decision a move in DART does not revert (the finding status_conflict opens instead).
ALTER TABLE v7_subworkflow_tasks
    ADD COLUMN status_origin text NOT NULL DEFAULT 'conductor'
        CONSTRAINT ck_v7_subworkflow_tasks_status_origin CHECK (status_origin IN ('conductor', 'dart'));

-- Rows that exist already: a status V7Sync last brought from DART (its latest status_changed audit row says so) is
-- DART's. Their updated_at stays as it was: the analytics read it as when the current status was entered.
ALTER TABLE v7_subworkflow_tasks DISABLE TRIGGER trg_v7_subworkflow_tasks_updated_at;
UPDATE v7_subworkflow_tasks t SET status_origin = 'dart'
WHERE t.status = (SELECT a.new_value FROM v7_sync_audit a
                  WHERE a.task_id = t.id AND a.action = 'status_changed' AND a.field = 'status'
                  ORDER BY a.occurred_at DESC, a.id DESC LIMIT 1);
ALTER TABLE v7_subworkflow_tasks ENABLE TRIGGER trg_v7_subworkflow_tasks_updated_at;

-- The tasks that depend on one that just got its DART task are found through this (their blockers follow).
CREATE INDEX ix_v7_subworkflow_tasks_dependencies ON v7_subworkflow_tasks USING gin (dependencies);

-- What the conductor wrote that DART has still to follow: one row per captured write (INSERT → create; UPDATE of
-- owned fields → update, naming the fields with their old and new values). The processor pushes the fields'
-- CURRENT values, one row per task at a time in id order, so repeated or coalesced writes converge on the row.
CREATE TABLE dart_outbox (
    id              bigserial PRIMARY KEY,
    created_at      timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    task_id         integer NOT NULL,
    kind            text NOT NULL
        CONSTRAINT ck_dart_outbox_kind CHECK (kind IN ('create', 'update')),
    fields          text[] NOT NULL DEFAULT '{}',
    -- {"<field>": {"old": …, "new": …}} as captured; creates and derived updates say what caused them.
    changes         jsonb NOT NULL DEFAULT '{}'::jsonb,
    status          text NOT NULL DEFAULT 'pending'
        CONSTRAINT ck_dart_outbox_status CHECK (status IN ('pending', 'processing', 'done', 'dead')),
    attempts        integer NOT NULL DEFAULT 0,
    -- Due at once (whatever the processor's clock says) until a failed attempt sets a retry time.
    next_attempt_at timestamptz NOT NULL DEFAULT '-infinity',
    locked_until    timestamptz,
    processed_at    timestamptz,
    -- What was done: created, linked, updated, status pushed, skipped and why.
    outcome         text,
    last_error      text,
    -- DART's answer to the failed request (status code and body, sanitised), kept when the row goes dead.
    dart_response   text
);
CREATE INDEX ix_dart_outbox_open ON dart_outbox (id) WHERE status IN ('pending', 'processing');
CREATE INDEX ix_dart_outbox_open_task ON dart_outbox (task_id, id) WHERE status IN ('pending', 'processing');

-- The fields the conductor owns (the plan): what a create names, and what an update may name.
CREATE FUNCTION v7_plan_fields() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['task_name', 'parent_phase', 'task_number', 'responsible_persona', 'dependencies', 'notes', 'status']
$$;

-- 'dart' when the running transaction is one of V7Sync's own (SET LOCAL v7sync.origin = 'dart'), else 'conductor'.
CREATE FUNCTION v7_write_origin() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN current_setting('v7sync.origin', true) = 'dart' THEN 'dart' ELSE 'conductor' END
$$;

-- The statuses a work order has when it needs no DART task (yet): it is not created in DART.
CREATE FUNCTION v7_needs_no_dart_task(status text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT status IN ('cancelled', 'deferred', 'completed')
$$;

-- Any conductor statement that names status makes the status the conductor's (the same value included: it was
-- decided again); V7Sync's writes make it DART's only when they change it.
CREATE FUNCTION v7_stamp_status_origin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF v7_write_origin() = 'conductor' THEN
        NEW.status_origin := 'conductor';
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_origin := 'dart';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER trg_v7_subworkflow_tasks_status_origin
    BEFORE UPDATE OF status ON v7_subworkflow_tasks
    FOR EACH ROW EXECUTE FUNCTION v7_stamp_status_origin();

CREATE FUNCTION v7_capture_inserted_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF v7_write_origin() = 'conductor' THEN
        INSERT INTO dart_outbox (task_id, kind, fields)
        SELECT n.id, 'create', v7_plan_fields()
        FROM new_rows n
        WHERE NULLIF(n.dart_task_id, '') IS NULL AND NOT v7_needs_no_dart_task(n.status)
        ORDER BY n.id;
        IF FOUND THEN
            PERFORM pg_notify('dart_outbox', '');
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_v7_subworkflow_tasks_outbox_insert
    AFTER INSERT ON v7_subworkflow_tasks
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION v7_capture_inserted_tasks();

CREATE FUNCTION v7_capture_updated_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    captured boolean := false;
BEGIN
    IF v7_write_origin() = 'conductor' THEN
        INSERT INTO dart_outbox (task_id, kind, fields, changes)
        SELECT c.id,
               -- A work order never in DART that leaves cancelled/deferred/completed now needs its DART task.
               CASE WHEN NULLIF(c.dart_task_id, '') IS NULL AND NOT v7_needs_no_dart_task(c.new_status)
                         AND v7_needs_no_dart_task(c.old_status) THEN 'create' ELSE 'update' END,
               CASE WHEN NULLIF(c.dart_task_id, '') IS NULL AND NOT v7_needs_no_dart_task(c.new_status)
                         AND v7_needs_no_dart_task(c.old_status) THEN v7_plan_fields() ELSE c.fields END,
               c.changes
        FROM (
            SELECT n.id, n.dart_task_id, n.status AS new_status, o.status AS old_status,
                   array_remove(ARRAY[
                       CASE WHEN n.task_name IS DISTINCT FROM o.task_name THEN 'task_name' END,
                       CASE WHEN n.parent_phase IS DISTINCT FROM o.parent_phase THEN 'parent_phase' END,
                       CASE WHEN n.task_number IS DISTINCT FROM o.task_number THEN 'task_number' END,
                       CASE WHEN n.responsible_persona IS DISTINCT FROM o.responsible_persona THEN 'responsible_persona' END,
                       CASE WHEN n.dependencies IS DISTINCT FROM o.dependencies THEN 'dependencies' END,
                       CASE WHEN n.notes IS DISTINCT FROM o.notes THEN 'notes' END,
                       CASE WHEN n.status IS DISTINCT FROM o.status THEN 'status' END], NULL) AS fields,
                   jsonb_strip_nulls(jsonb_build_object(
                       'task_name', CASE WHEN n.task_name IS DISTINCT FROM o.task_name
                           THEN jsonb_build_object('old', o.task_name, 'new', n.task_name) END,
                       'parent_phase', CASE WHEN n.parent_phase IS DISTINCT FROM o.parent_phase
                           THEN jsonb_build_object('old', o.parent_phase, 'new', n.parent_phase) END,
                       'task_number', CASE WHEN n.task_number IS DISTINCT FROM o.task_number
                           THEN jsonb_build_object('old', o.task_number, 'new', n.task_number) END,
                       'responsible_persona', CASE WHEN n.responsible_persona IS DISTINCT FROM o.responsible_persona
                           THEN jsonb_build_object('old', o.responsible_persona, 'new', n.responsible_persona) END,
                       'dependencies', CASE WHEN n.dependencies IS DISTINCT FROM o.dependencies
                           THEN jsonb_build_object('old', to_jsonb(o.dependencies), 'new', to_jsonb(n.dependencies)) END,
                       'notes', CASE WHEN n.notes IS DISTINCT FROM o.notes
                           THEN jsonb_build_object('old', o.notes, 'new', n.notes) END,
                       'status', CASE WHEN n.status IS DISTINCT FROM o.status
                           THEN jsonb_build_object('old', o.status, 'new', n.status) END)) AS changes
            FROM new_rows n JOIN old_rows o ON o.id = n.id
        ) c
        WHERE cardinality(c.fields) > 0
        ORDER BY c.id;
        captured := FOUND;
    END IF;

    -- Whoever linked it (the conductor, a push, the reconciler by key): the tasks in DART that depend on a task that
    -- just got its DART task follow with their blockers.
    INSERT INTO dart_outbox (task_id, kind, fields, changes)
    SELECT d.id, 'update', ARRAY['dependencies'], jsonb_build_object('blocker_linked', jsonb_agg(l.id ORDER BY l.id))
    FROM (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE NULLIF(n.dart_task_id, '') IS NOT NULL AND n.dart_task_id IS DISTINCT FROM o.dart_task_id) l
    JOIN v7_subworkflow_tasks d ON d.dependencies && ARRAY[l.id] AND NULLIF(d.dart_task_id, '') IS NOT NULL
    GROUP BY d.id
    ORDER BY d.id;
    IF captured OR FOUND THEN
        PERFORM pg_notify('dart_outbox', '');
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER trg_v7_subworkflow_tasks_outbox_update
    AFTER UPDATE ON v7_subworkflow_tasks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION v7_capture_updated_tasks();

-- Pushes are audited with their own source.
ALTER TABLE v7_sync_audit DROP CONSTRAINT ck_v7_sync_audit_source;
ALTER TABLE v7_sync_audit ADD CONSTRAINT ck_v7_sync_audit_source
    CHECK (source IN ('poll', 'webhook', 'resync', 'job', 'cli', 'push'));
