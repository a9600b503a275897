-- Issue 15: an UPDATE that moves a work order's status or DART link makes a new row version with new entries in
-- every index (those columns are indexed: no HOT update), the GIN index on dependencies included, even for the work
-- orders that depend on nothing. GIN files all of those under its one "empty array" key, and each entry into that
-- key's posting tree wrote up to 1.6 KiB of WAL (a third of the WAL of the webhook bench's first block; a status move
-- of 2,000 such work orders wrote 25% more WAL than without the index). The index now holds only the work orders with
-- dependencies, the only ones the outbox trigger's lookup (dependencies && ARRAY[id]) can find, and the lookup names
-- the index's predicate so the planner can use it.
DROP INDEX ix_v7_subworkflow_tasks_dependencies;
CREATE INDEX ix_v7_subworkflow_tasks_dependencies ON v7_subworkflow_tasks USING gin (dependencies)
    WITH (fastupdate = off) WHERE dependencies <> '{}';

-- The function of migration 005 with that predicate in its lookup; what it captures is unchanged.
CREATE OR REPLACE FUNCTION v7_capture_updated_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
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
    -- just got its DART task follow with their blockers. `dependencies <> '{}'` is the dependencies index's own
    -- predicate, named so that the planner may read that (partial) index.
    INSERT INTO dart_outbox (task_id, kind, fields, changes)
    SELECT d.id, 'update', ARRAY['dependencies'], jsonb_build_object('blocker_linked', jsonb_agg(l.id ORDER BY l.id))
    FROM (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE NULLIF(n.dart_task_id, '') IS NOT NULL AND n.dart_task_id IS DISTINCT FROM o.dart_task_id) l
    JOIN v7_subworkflow_tasks d ON d.dependencies <> '{}' AND d.dependencies && ARRAY[l.id]
                               AND NULLIF(d.dart_task_id, '') IS NOT NULL
    GROUP BY d.id
    ORDER BY d.id;
    IF captured OR FOUND THEN
        PERFORM pg_notify('dart_outbox', '');
    END IF;
    RETURN NULL;
END
$$;
