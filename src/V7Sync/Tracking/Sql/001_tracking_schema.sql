-- The V7 tracking schema: the user's guide's six tables, its rules, and its dashboard view.
-- Every statement in the guide must run verbatim against this schema (tested by GuideSqlTests).

-- Ordered risk levels: an ENUM sorts by declaration order, so MAX(risk_level) = 'critical'
-- whenever a critical item exists, and both risk columns share the type so the guide's UNION ALL works.
DO $$ BEGIN
    CREATE TYPE v7_risk_level AS ENUM ('low', 'medium', 'high', 'critical');
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

-- Keeps updated_at true on every UPDATE, whoever writes the row (the guide, V7Sync, a person in psql).
CREATE OR REPLACE FUNCTION v7_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A statement that sets updated_at itself (the guide's phase updates do) keeps its value.
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := CURRENT_TIMESTAMP;
    END IF;
    RETURN NEW;
END $$;

CREATE TABLE v7_migration_workflow (
    phase_number    integer PRIMARY KEY CONSTRAINT ck_v7_migration_workflow_phase_number CHECK (phase_number BETWEEN 1 AND 7),
    phase_name      text NOT NULL,
    status          text NOT NULL DEFAULT 'not_started'
        CONSTRAINT ck_v7_migration_workflow_status CHECK (status IN
            ('not_started', 'in_progress', 'review', 'approved', 'completed', 'blocked', 'rolled_back')),
    lead_persona    text,
    started_at      timestamptz,
    completed_at    timestamptz,
    approval_status text NOT NULL DEFAULT 'pending'
        CONSTRAINT ck_v7_migration_workflow_approval_status CHECK (approval_status IN ('pending', 'approved', 'rejected')),
    approved_by     text,
    approval_notes  text,
    blockers        jsonb NOT NULL DEFAULT '[]'::jsonb
        CONSTRAINT ck_v7_migration_workflow_blockers_array CHECK (jsonb_typeof(blockers) = 'array'),
    deliverables    jsonb NOT NULL DEFAULT '{}'::jsonb,
    notes           text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at      timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The review gate (guide 5.2): phase N may start only once phase N-1 is approved.
CREATE OR REPLACE FUNCTION v7_enforce_review_gate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous record;
BEGIN
    IF NEW.status = 'in_progress' AND NEW.phase_number > 1
       AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'in_progress') THEN
        SELECT phase_number, phase_name, approval_status INTO previous
        FROM v7_migration_workflow WHERE phase_number = NEW.phase_number - 1;
        IF previous IS NULL OR previous.approval_status <> 'approved' THEN
            RAISE EXCEPTION 'review gate: phase % (%) cannot move to in_progress before phase % (%) is approved (approval_status is %)',
                NEW.phase_number, NEW.phase_name, NEW.phase_number - 1,
                COALESCE(previous.phase_name, 'missing'), COALESCE(previous.approval_status, 'missing')
                USING ERRCODE = 'check_violation', CONSTRAINT = 'v7_review_gate';
        END IF;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER trg_v7_migration_workflow_review_gate
    BEFORE INSERT OR UPDATE OF status ON v7_migration_workflow
    FOR EACH ROW EXECUTE FUNCTION v7_enforce_review_gate();
CREATE TRIGGER trg_v7_migration_workflow_updated_at
    BEFORE UPDATE ON v7_migration_workflow
    FOR EACH ROW EXECUTE FUNCTION v7_touch_updated_at();

CREATE TABLE v7_subworkflow_tasks (
    id                  serial PRIMARY KEY,
    parent_phase        integer NOT NULL
        CONSTRAINT fk_v7_subworkflow_tasks_parent_phase REFERENCES v7_migration_workflow (phase_number),
    task_number         integer NOT NULL CONSTRAINT ck_v7_subworkflow_tasks_task_number CHECK (task_number > 0),
    task_name           text NOT NULL,
    responsible_persona text,
    status              text NOT NULL DEFAULT 'pending'
        CONSTRAINT ck_v7_subworkflow_tasks_status CHECK (status IN
            ('pending', 'in_progress', 'blocked', 'review', 'completed', 'cancelled', 'deferred')),
    dart_task_id        text,
    dart_task_url       text,
    dart_status         text,
    dart_updated_at     timestamptz,
    started_at          timestamptz,
    completed_at        timestamptz,
    dependencies        integer[] NOT NULL DEFAULT '{}',
    deliverable_urls    text[] NOT NULL DEFAULT '{}',
    notes               text NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at          timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT uq_v7_subworkflow_tasks_phase_task UNIQUE (parent_phase, task_number)
);
-- Not unique on purpose: two rows linked to one DART task is an integrity finding, not a write failure.
CREATE INDEX ix_v7_subworkflow_tasks_dart_task_id ON v7_subworkflow_tasks (dart_task_id) WHERE dart_task_id IS NOT NULL;
CREATE INDEX ix_v7_subworkflow_tasks_status ON v7_subworkflow_tasks (status);
CREATE TRIGGER trg_v7_subworkflow_tasks_updated_at
    BEFORE UPDATE ON v7_subworkflow_tasks
    FOR EACH ROW EXECUTE FUNCTION v7_touch_updated_at();

-- file_audit may already exist in the user's database: create it only when missing, then add the V7 columns.
CREATE TABLE IF NOT EXISTS file_audit (
    id         bigserial PRIMARY KEY,
    file_path  text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
ALTER TABLE file_audit
    ADD COLUMN IF NOT EXISTS file_path          text,
    ADD COLUMN IF NOT EXISTS updated_at         timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN IF NOT EXISTS v7_workflow_status text NOT NULL DEFAULT 'pending_assessment',
    ADD COLUMN IF NOT EXISTS v7_target_name     text,
    ADD COLUMN IF NOT EXISTS v7_impact_score    integer,
    ADD COLUMN IF NOT EXISTS v7_database_enums  jsonb NOT NULL DEFAULT '[]'::jsonb;
-- NOT VALID: rows the user already had are kept as they are; every new or changed row is checked.
ALTER TABLE file_audit
    ADD CONSTRAINT ck_file_audit_v7_workflow_status CHECK (v7_workflow_status IN
        ('pending_assessment', 'assessed', 'designed', 'approved', 'implementing', 'testing', 'migrated', 'retired')) NOT VALID,
    ADD CONSTRAINT ck_file_audit_v7_impact_score CHECK (v7_impact_score BETWEEN 0 AND 10) NOT VALID;
CREATE INDEX IF NOT EXISTS ix_file_audit_v7_workflow_status ON file_audit (v7_workflow_status);
CREATE TRIGGER trg_file_audit_updated_at
    BEFORE UPDATE ON file_audit
    FOR EACH ROW EXECUTE FUNCTION v7_touch_updated_at();

CREATE TABLE v7_enum_migrations (
    id                  serial PRIMARY KEY,
    current_enum_name   text NOT NULL,
    current_enum_values text[] NOT NULL DEFAULT '{}',
    v7_enum_name        text NOT NULL,
    v7_enum_values      text[] NOT NULL DEFAULT '{}',
    consolidates_with   text[] NOT NULL DEFAULT '{}',
    affected_tables     text[] NOT NULL DEFAULT '{}',
    affected_columns    jsonb NOT NULL DEFAULT '{}'::jsonb,
    risk_level          v7_risk_level NOT NULL DEFAULT 'low',
    status              text NOT NULL DEFAULT 'proposed'
        CONSTRAINT ck_v7_enum_migrations_status CHECK (status IN
            ('proposed', 'approved', 'implementing', 'implemented', 'rolled_back', 'rejected')),
    migration_script    text,
    rollback_script     text,
    approved_by         text,
    created_at          timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at          timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TRIGGER trg_v7_enum_migrations_updated_at
    BEFORE UPDATE ON v7_enum_migrations
    FOR EACH ROW EXECUTE FUNCTION v7_touch_updated_at();

CREATE TABLE v7_global_impacts (
    id                  serial PRIMARY KEY,
    change_type         text NOT NULL,
    change_detail       jsonb NOT NULL DEFAULT '{}'::jsonb,
    affected_workflows  text[] NOT NULL DEFAULT '{}',
    affected_layers     integer[] NOT NULL DEFAULT '{}',
    impact_description  text,
    risk_assessment     v7_risk_level NOT NULL DEFAULT 'low',
    mitigation_strategy text,
    approval_status     text NOT NULL DEFAULT 'pending'
        CONSTRAINT ck_v7_global_impacts_approval_status CHECK (approval_status IN ('pending', 'approved', 'rejected')),
    approved_by         text,
    created_at          timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at          timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TRIGGER trg_v7_global_impacts_updated_at
    BEFORE UPDATE ON v7_global_impacts
    FOR EACH ROW EXECUTE FUNCTION v7_touch_updated_at();

CREATE TABLE v7_test_results (
    id                   serial PRIMARY KEY,
    test_type            text NOT NULL,
    component_tested     text NOT NULL,
    v7_file_path         text,
    test_status          text NOT NULL
        CONSTRAINT ck_v7_test_results_test_status CHECK (test_status IN ('pass', 'fail', 'skipped', 'error')),
    backwards_compatible boolean,
    tested_by            text,
    details              jsonb NOT NULL DEFAULT '{}'::jsonb,
    tested_at            timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    created_at           timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The guide's executive dashboard (4.1, 7.1, 9): one row per phase with its task progress.
CREATE VIEW v7_migration_dashboard AS
SELECT
    w.phase_number,
    w.phase_name,
    w.status,
    w.approval_status,
    w.lead_persona,
    COUNT(t.id)                                              AS total_tasks,
    COUNT(t.id) FILTER (WHERE t.status = 'completed')        AS completed_tasks,
    COUNT(t.id) FILTER (WHERE t.status = 'in_progress')      AS in_progress_tasks,
    COUNT(t.id) FILTER (WHERE t.status = 'blocked')          AS blocked_tasks,
    CASE WHEN COUNT(t.id) = 0 THEN 0
         ELSE ROUND(100.0 * COUNT(t.id) FILTER (WHERE t.status = 'completed') / COUNT(t.id), 1)
    END                                                      AS percent_complete,
    jsonb_array_length(w.blockers)                           AS blocker_count,
    w.started_at,
    w.completed_at,
    w.updated_at
FROM v7_migration_workflow w
LEFT JOIN v7_subworkflow_tasks t ON t.parent_phase = w.phase_number
GROUP BY w.phase_number
ORDER BY w.phase_number;
