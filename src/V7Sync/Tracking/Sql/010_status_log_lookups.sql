-- Issue 15: the status-log trigger of migration 008 joined each UPDATE's transition table to v7_task_status_times
-- with a hash join over the whole table (the planner has no statistics for a transition table): 3 ms a statement at
-- 10,000 tasks, growing with the project, for a statement that moves a page of 100. The same function, with the
-- statement's task ids looked up by key; what it writes is unchanged.
CREATE OR REPLACE FUNCTION v7_task_status_log_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Most writes move nothing (a deliverable, a note, a DART version): they stop here, on the statement's own rows.
    -- A set difference, not a join: the planner knows nothing of these rows and would try a nested loop.
    IF NOT EXISTS (SELECT n.id, n.status FROM v7_updated_tasks n EXCEPT SELECT o.id, o.status FROM v7_updated_tasks_old o) THEN
        RETURN NULL;
    END IF;

    WITH moves AS (
        SELECT n.id AS task_id, n.parent_phase, n.responsible_persona, n.status, s.status AS previous_status,
               GREATEST(n.updated_at, s.since) AS entered_at
        FROM v7_updated_tasks n
        JOIN v7_task_status_times s ON s.task_id = n.id
        -- The statement's ids as an array: the planner knows nothing of the transition table and would read all of
        -- v7_task_status_times for a hash join; this looks up each row by its key.
        WHERE n.status <> s.status AND s.task_id = ANY (ARRAY(SELECT u.id FROM v7_updated_tasks u))
    ),
    logged AS (
        INSERT INTO v7_task_status_log (task_id, parent_phase, responsible_persona, status, previous_status, entered_at, basis)
        SELECT m.task_id, m.parent_phase, m.responsible_persona, m.status, m.previous_status, m.entered_at, 'write'
        FROM moves m
        ORDER BY m.task_id
    )
    -- The stretch the move ends goes to the status it ends.
    UPDATE v7_task_status_times s
    SET status = m.status,
        since = m.entered_at,
        first_in_progress_at = COALESCE(s.first_in_progress_at, CASE WHEN m.status = 'in_progress' THEN m.entered_at END),
        last_completed_at = CASE WHEN m.status = 'completed' THEN m.entered_at ELSE s.last_completed_at END,
        pending = s.pending + CASE WHEN s.status = 'pending' THEN m.entered_at - s.since ELSE interval '0' END,
        in_progress = s.in_progress + CASE WHEN s.status = 'in_progress' THEN m.entered_at - s.since ELSE interval '0' END,
        blocked = s.blocked + CASE WHEN s.status = 'blocked' THEN m.entered_at - s.since ELSE interval '0' END,
        review = s.review + CASE WHEN s.status = 'review' THEN m.entered_at - s.since ELSE interval '0' END,
        deferred = s.deferred + CASE WHEN s.status = 'deferred' THEN m.entered_at - s.since ELSE interval '0' END
    FROM moves m
    WHERE s.task_id = m.task_id;
    RETURN NULL;
END $$;
