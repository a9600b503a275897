-- Reports filed in DART become deliverables, and the phase flow is visible (issue 12).

-- DART's assignees of the linked task, as the last applied snapshot had them (persona-owned, like the status moves).
ALTER TABLE v7_subworkflow_tasks ADD COLUMN dart_assignees text[] NOT NULL DEFAULT '{}';

-- What V7Sync has seen of each report folder. DART's docs carry no timestamp and /docs/list no updated-since filter,
-- so a poll lists the folder most recently updated first and compares that order with the one seen last time: a doc
-- that is new, renamed or moved up is what changed. doc_order holds doc ids (and '#<hash>' for an item without one).
CREATE TABLE dart_report_folders (
    folder     text PRIMARY KEY,
    doc_order  text[] NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Every report doc read, and what it became: a deliverable of work_orders, or unmatched (its title names the key
-- key_phase/key_task that no work order had, or one of another phase than its folder's): the finding report_unmatched.
CREATE TABLE dart_report_docs (
    doc_id       text PRIMARY KEY,
    folder       text NOT NULL,
    folder_phase integer,
    title        text NOT NULL,
    html_url     text NOT NULL,
    key_phase    integer,
    key_task     integer,
    work_orders  integer[] NOT NULL DEFAULT '{}',
    unmatched    boolean NOT NULL DEFAULT false,
    seen_at      timestamptz NOT NULL
);
CREATE INDEX ix_dart_report_docs_unmatched ON dart_report_docs (key_phase, key_task) WHERE unmatched;

-- Doc links of comment.created webhooks whose task no work order is linked to yet: applied when one is (by any path).
CREATE TABLE dart_pending_comment_links (
    comment_id   text PRIMARY KEY,
    dart_task_id text NOT NULL,
    urls         text[] NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_dart_pending_comment_links_task ON dart_pending_comment_links (dart_task_id);

-- Per phase, what its tasks delivered, as the guide's §5.2 step 2 puts it into v7_migration_workflow.deliverables:
-- {"P1.T1 Document all duplicate ENUMs": ["https://app.dartai.com/o/…", …], …}, one key per task with deliverables
-- (its work-order key and name), cancelled tasks left out.
CREATE VIEW v7_phase_deliverables AS
SELECT
    w.phase_number,
    w.phase_name,
    w.status AS phase_status,
    count(t.id)::int AS tasks,
    count(t.id) FILTER (WHERE t.status <> 'cancelled' AND cardinality(t.deliverable_urls) > 0)::int AS tasks_with_deliverables,
    COALESCE(sum(cardinality(t.deliverable_urls)) FILTER (WHERE t.status <> 'cancelled'), 0)::int AS deliverable_count,
    COALESCE(
        jsonb_object_agg('P' || t.parent_phase || '.T' || t.task_number || ' ' || t.task_name, to_jsonb(t.deliverable_urls))
            FILTER (WHERE t.status <> 'cancelled' AND cardinality(t.deliverable_urls) > 0),
        '{}'::jsonb) AS deliverables
FROM v7_migration_workflow w
LEFT JOIN v7_subworkflow_tasks t ON t.parent_phase = w.phase_number
GROUP BY w.phase_number;
