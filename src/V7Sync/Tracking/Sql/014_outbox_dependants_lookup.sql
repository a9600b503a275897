-- Issue 15: the outbox trigger looked up the dependants of a statement's newly linked work orders with a join the
-- planner drove from the work orders' side whenever it expected few with dependencies: a full read of the table for
-- every page the full sync links (2.5-3.4 ms a page of 100 at 10,000 work orders, a tenth of the sync's database
-- time, growing with the project). The links go in as one array and the lookup reads the partial dependencies index
-- with it: the planner would still read the table for a page's hundred keys (it prices a GIN search per key above
-- a scan it expects to find nothing in), so within this function it is told not to. A statement that links nothing
-- looks nothing up. What it captures is unchanged.
CREATE OR REPLACE FUNCTION v7_capture_updated_tasks() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
DECLARE
    captured boolean := false;
    linked integer[];
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

    -- Whoever linked them (the conductor, a push, the reconciler by key): the tasks in DART that depend on a task that
    -- just got its DART task follow with their blockers. The statement's links as one array, a parameter the partial
    -- dependencies index can be scanned with; nothing to look up when nothing was linked.
    SELECT array_agg(n.id ORDER BY n.id) INTO linked
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE NULLIF(n.dart_task_id, '') IS NOT NULL AND n.dart_task_id IS DISTINCT FROM o.dart_task_id;
    IF linked IS NOT NULL THEN
        INSERT INTO dart_outbox (task_id, kind, fields, changes)
        SELECT d.id, 'update', ARRAY['dependencies'],
               jsonb_build_object('blocker_linked', (SELECT jsonb_agg(b ORDER BY b) FROM unnest(linked) AS b WHERE b = ANY (d.dependencies)))
        FROM v7_subworkflow_tasks d
        WHERE d.dependencies <> '{}' AND d.dependencies && linked AND NULLIF(d.dart_task_id, '') IS NOT NULL
        ORDER BY d.id;
        captured := captured OR FOUND;
    END IF;
    IF captured THEN
        PERFORM pg_notify('dart_outbox', '');
    END IF;
    RETURN NULL;
END
$$;
