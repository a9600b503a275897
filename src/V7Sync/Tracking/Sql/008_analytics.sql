-- The conductor's numbers (guide §10.2, §10.3): cycle times, velocity, burndown, forecast and risk, as views.
-- Every view reads the status history the triggers below keep as each write happens (v7_task_status_log), so a
-- past day or week reads the same after later changes.
-- Days and ISO weeks are UTC. README ("Analytics") documents each view with an example query.

-- "Now" for every analytics view: the session setting v7sync.as_of when set (V7Sync sets it from its injected
-- clock, so a report and the views agree on "today"), else the transaction's now().
CREATE OR REPLACE FUNCTION v7_analytics_now() RETURNS timestamptz LANGUAGE sql STABLE AS $$
    SELECT COALESCE(NULLIF(current_setting('v7sync.as_of', true), '')::timestamptz, now())
$$;

-- A duration in days, two decimals: the one unit every analytics view reports time in.
CREATE OR REPLACE FUNCTION v7_days(duration interval) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT round(extract(epoch FROM duration) / 86400, 2)
$$;

-- A task status that still needs work: what a burndown counts and a forecast burns down.
CREATE OR REPLACE FUNCTION v7_is_remaining(status text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT status NOT IN ('completed', 'cancelled')
$$;

-- The status history, kept as it happens rather than rebuilt on every read: one row per move of a task into a
-- status, written by the triggers below in the writer's own transaction, whoever writes the row (V7Sync's
-- reconciler, the conductor's SQL, the guide's statements). previous_status is the status of the entry before (NULL
-- for the entry that starts a task's history). The task's phase and persona are its current ones (kept in step when
-- the conductor moves or reassigns it), so the views group moves without a join. basis says where an entry comes
-- from: 'created' (the row's insert, at created_at), 'write' (a status write, at the time the write leaves in
-- updated_at), 'row' (the row's own started_at, completed_at or updated_at, for a row inserted past pending or
-- migrated without audited moves), 'audit' (an audited move from before this migration, at its occurred_at).
CREATE TABLE v7_task_status_log (
    id                  bigint GENERATED ALWAYS AS IDENTITY,
    task_id             integer NOT NULL,
    parent_phase        integer NOT NULL,
    responsible_persona text,
    status              text NOT NULL,
    previous_status     text,
    entered_at          timestamptz NOT NULL,
    -- The UTC day of the move, kept with it: the day and week the burndown and velocity group by.
    entered_on          date NOT NULL GENERATED ALWAYS AS ((entered_at AT TIME ZONE 'UTC')::date) STORED,
    -- What the move does to the count of open tasks (v7_is_remaining): +1 into one, -1 out of one, 0 between two.
    remaining_change    integer NOT NULL GENERATED ALWAYS AS (
        (CASE WHEN v7_is_remaining(status) THEN 1 ELSE 0 END)
        - (CASE WHEN previous_status IS NOT NULL AND v7_is_remaining(previous_status) THEN 1 ELSE 0 END)) STORED,
    basis               text NOT NULL
        CONSTRAINT ck_v7_task_status_log_basis CHECK (basis IN ('created', 'write', 'row', 'audit')),
    -- A task's moves in time order (id orders moves at the same instant): how the history and the clean-up read
    -- them. No foreign key: its check per row would cost the full sync's one UPDATE more than the log itself; the
    -- delete and truncate triggers keep the log to the tasks that exist.
    CONSTRAINT pk_v7_task_status_log PRIMARY KEY (task_id, entered_at, id)
);
-- The views read two kinds of moves, each from an index that holds all they need (an index-only scan of a part of
-- the log, not a scan of all of it): completions in time order (velocity, the forecast's throughput) and the moves
-- that change the count of open tasks or start a task, per phase and day (burndown, in the order it sums them; the
-- forecast's remaining tasks). Partial, so the sync's writes maintain them only for the moves they hold.
CREATE INDEX ix_v7_task_status_log_completions ON v7_task_status_log (entered_at)
    INCLUDE (parent_phase, responsible_persona, entered_on) WHERE status = 'completed';
CREATE INDEX ix_v7_task_status_log_open_changes ON v7_task_status_log (parent_phase, entered_on)
    INCLUDE (entered_at, remaining_change, previous_status) WHERE remaining_change <> 0 OR previous_status IS NULL;
-- Phase, persona and day go together (a phase's tasks belong to a few personas, each day to few of both): without
-- these counts the planner multiplies them and sizes its hash tables for far more groups than there are.
CREATE STATISTICS st_v7_task_status_log_days (ndistinct) ON parent_phase, responsible_persona, entered_on
    FROM v7_task_status_log;

-- Per task, the log summed: the status it is in (status, since when), when it first went in_progress and last
-- completed, and the time it spent in each open status in the stretches it has left. The update trigger adds each
-- move as it is logged, so the cycle times read one row per task, not every move.
CREATE TABLE v7_task_status_times (
    task_id              integer PRIMARY KEY,
    status               text NOT NULL,
    since                timestamptz NOT NULL,
    first_in_progress_at timestamptz,
    last_completed_at    timestamptz,
    pending              interval NOT NULL,
    in_progress          interval NOT NULL,
    blocked              interval NOT NULL,
    review               interval NOT NULL,
    deferred             interval NOT NULL,
    -- The same in days (v7_days), computed once per write rather than on every read of the cycle times: all but
    -- the status a task is in, whose stretch goes on growing until now, are these figures as they are.
    pending_days         numeric NOT NULL GENERATED ALWAYS AS (v7_days(pending)) STORED,
    in_progress_days     numeric NOT NULL GENERATED ALWAYS AS (v7_days(in_progress)) STORED,
    blocked_days         numeric NOT NULL GENERATED ALWAYS AS (v7_days(blocked)) STORED,
    review_days          numeric NOT NULL GENERATED ALWAYS AS (v7_days(review)) STORED,
    deferred_days        numeric NOT NULL GENERATED ALWAYS AS (v7_days(deferred)) STORED
);

-- The moves a row's own times imply: pending from created_at, in_progress from started_at, completed from
-- completed_at (of a completed row), and the row's status, where those do not end on it, from the latest of those
-- times and updated_at; never before the task was created. seq orders them.
CREATE FUNCTION v7_task_row_entries(task_status text, created timestamptz, started timestamptz, completed timestamptz, updated timestamptz)
RETURNS TABLE (status text, previous_status text, entered_at timestamptz, seq integer, basis text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT i.status, i.previous_status, i.entered_at, i.seq, i.basis
    FROM (SELECT CASE WHEN started IS NOT NULL THEN GREATEST(started, created) END AS started_at,
                 CASE WHEN task_status = 'completed' AND completed IS NOT NULL
                      THEN GREATEST(completed, started, created) END AS completed_at) r
    CROSS JOIN LATERAL (SELECT CASE WHEN r.completed_at IS NOT NULL THEN 'completed'
                                    WHEN r.started_at IS NOT NULL THEN 'in_progress' ELSE 'pending' END AS known_status) k
    CROSS JOIN LATERAL (VALUES
        (true, 'pending', NULL, created, 0, 'created'),
        (r.started_at IS NOT NULL, 'in_progress', 'pending', r.started_at, 1, 'row'),
        (r.completed_at IS NOT NULL, 'completed', CASE WHEN r.started_at IS NOT NULL THEN 'in_progress' ELSE 'pending' END,
         r.completed_at, 2, 'row'),
        -- GREATEST skips NULLs: the latest of the row's times is where its own moves end.
        (task_status <> k.known_status, task_status, k.known_status, GREATEST(r.completed_at, r.started_at, created, updated), 3, 'row')
    ) AS i(present, status, previous_status, entered_at, seq, basis)
    WHERE i.present
$$;

-- Sums the given tasks' logged moves into v7_task_status_times, each move lasting until the next (the last one:
-- the current status). The update trigger does the same one move at a time.
CREATE FUNCTION v7_task_status_times_refresh(task_ids integer[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM v7_task_status_times WHERE task_id = ANY (task_ids);
    INSERT INTO v7_task_status_times (task_id, status, since, first_in_progress_at, last_completed_at,
                                      pending, in_progress, blocked, review, deferred)
    SELECT h.task_id,
           min(h.status) FILTER (WHERE h.left_at IS NULL),
           max(h.entered_at) FILTER (WHERE h.left_at IS NULL),
           min(h.entered_at) FILTER (WHERE h.status = 'in_progress'),
           max(h.entered_at) FILTER (WHERE h.status = 'completed'),
           COALESCE(sum(h.left_at - h.entered_at) FILTER (WHERE h.status = 'pending'), interval '0'),
           COALESCE(sum(h.left_at - h.entered_at) FILTER (WHERE h.status = 'in_progress'), interval '0'),
           COALESCE(sum(h.left_at - h.entered_at) FILTER (WHERE h.status = 'blocked'), interval '0'),
           COALESCE(sum(h.left_at - h.entered_at) FILTER (WHERE h.status = 'review'), interval '0'),
           COALESCE(sum(h.left_at - h.entered_at) FILTER (WHERE h.status = 'deferred'), interval '0')
    FROM (SELECT l.task_id, l.status, l.entered_at,
                 lead(l.entered_at) OVER (PARTITION BY l.task_id ORDER BY l.entered_at, l.id) AS left_at
          FROM v7_task_status_log l
          WHERE l.task_id = ANY (task_ids)) h
    GROUP BY h.task_id;
$$;

-- A task's history starts with its insert: pending since created_at, or what its own times say for a row inserted
-- already started or done. Statement-level, over all the rows a statement inserts at once.
CREATE FUNCTION v7_task_status_log_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO v7_task_status_log (task_id, parent_phase, responsible_persona, status, previous_status, entered_at, basis)
    SELECT n.id, n.parent_phase, n.responsible_persona, e.status, e.previous_status, e.entered_at, e.basis
    FROM v7_inserted_tasks n
    CROSS JOIN LATERAL v7_task_row_entries(n.status, n.created_at, n.started_at, n.completed_at, n.updated_at) e
    ORDER BY n.id, e.seq;
    PERFORM v7_task_status_times_refresh(ARRAY(SELECT n.id FROM v7_inserted_tasks n));
    RETURN NULL;
END $$;

-- Each write that leaves a task in another status than its last move is a move, at the time of the write: the
-- updated_at it leaves (the transaction's time, v7_touch_updated_at, unless the statement sets updated_at itself),
-- never before that last move, so a task's moves stay in order. A write that sets the status the task already has
-- is no move. Statement-level (v7_task_status_times knows each task's status before and since when), so the full
-- sync's one UPDATE of 10,000 rows costs one set-based INSERT and UPDATE, not 10,000 function calls. A task
-- with no history (written while the triggers were disabled) is left to v7_task_status_log_backfill().
CREATE FUNCTION v7_task_status_log_moved() RETURNS trigger LANGUAGE plpgsql AS $$
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
        WHERE n.status <> s.status
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

-- A task moved to another phase or given to another persona takes its history along.
CREATE FUNCTION v7_task_status_log_reassigned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE v7_task_status_log
    SET parent_phase = NEW.parent_phase, responsible_persona = NEW.responsible_persona
    WHERE task_id = NEW.id;
    RETURN NULL;
END $$;

-- A deleted task's history goes with it.
CREATE FUNCTION v7_task_status_log_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM v7_task_status_log WHERE task_id IN (SELECT d.id FROM v7_deleted_tasks d);
    DELETE FROM v7_task_status_times WHERE task_id IN (SELECT d.id FROM v7_deleted_tasks d);
    RETURN NULL;
END $$;

CREATE FUNCTION v7_task_status_log_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE v7_task_status_log, v7_task_status_times;
    RETURN NULL;
END $$;

CREATE TRIGGER trg_v7_subworkflow_tasks_status_log_insert
    AFTER INSERT ON v7_subworkflow_tasks
    REFERENCING NEW TABLE AS v7_inserted_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION v7_task_status_log_inserted();
-- A transition table cannot go with UPDATE OF status, so this fires once per UPDATE statement and keeps the rows
-- whose status moved.
CREATE TRIGGER trg_v7_subworkflow_tasks_status_log_update
    AFTER UPDATE ON v7_subworkflow_tasks
    REFERENCING OLD TABLE AS v7_updated_tasks_old NEW TABLE AS v7_updated_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION v7_task_status_log_moved();
-- Per row, but only where a statement names one of the two columns and changes it: V7Sync's writes never do.
CREATE TRIGGER trg_v7_subworkflow_tasks_status_log_reassign
    AFTER UPDATE OF parent_phase, responsible_persona ON v7_subworkflow_tasks
    FOR EACH ROW WHEN (OLD.parent_phase IS DISTINCT FROM NEW.parent_phase
                       OR OLD.responsible_persona IS DISTINCT FROM NEW.responsible_persona)
    EXECUTE FUNCTION v7_task_status_log_reassigned();
CREATE TRIGGER trg_v7_subworkflow_tasks_status_log_delete
    AFTER DELETE ON v7_subworkflow_tasks
    REFERENCING OLD TABLE AS v7_deleted_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION v7_task_status_log_deleted();
CREATE TRIGGER trg_v7_subworkflow_tasks_status_log_truncate
    AFTER TRUNCATE ON v7_subworkflow_tasks
    FOR EACH STATEMENT EXECUTE FUNCTION v7_task_status_log_truncated();

-- The history of every task that has none in the log, from what there is: its audited status moves (v7_sync_audit,
-- action status_changed, field status) and, where the audit log says nothing, the row (v7_task_row_entries). Before
-- its first audited move a task was, since it was created, in the status that move left; a current status the
-- moves do not end on was written after the last one, at the row's updated_at. Each entry's previous_status is the
-- entry before, so the history chains even where an unaudited write came between two audited moves; that write
-- itself is not seen (its time goes to the status before it): from this migration on the triggers see every write.
-- Returns the entries written.
CREATE FUNCTION v7_task_status_log_backfill() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    task_ids integer[];
    written bigint;
BEGIN
    SELECT array_agg(t.id) INTO task_ids
    FROM v7_subworkflow_tasks t
    WHERE NOT EXISTS (SELECT 1 FROM v7_task_status_log l WHERE l.task_id = t.id);

    WITH tasks AS (
        SELECT t.* FROM v7_subworkflow_tasks t WHERE t.id = ANY (task_ids)
    ),
    moves AS (
        SELECT a.task_id, a.id, a.occurred_at, COALESCE(a.old_value, 'pending') AS old_value, a.new_value
        FROM v7_sync_audit a
        WHERE a.action = 'status_changed' AND a.field = 'status' AND a.new_value IS NOT NULL AND a.task_id = ANY (task_ids)
    ),
    firsts AS (
        SELECT DISTINCT ON (m.task_id) m.task_id, m.occurred_at, m.old_value FROM moves m ORDER BY m.task_id, m.occurred_at, m.id
    ),
    lasts AS (
        SELECT DISTINCT ON (m.task_id) m.task_id, m.occurred_at, m.new_value FROM moves m ORDER BY m.task_id, m.occurred_at DESC, m.id DESC
    ),
    entries AS (
        SELECT f.task_id, f.old_value AS status, LEAST(t.created_at, f.occurred_at) AS entered_at, 0::bigint AS seq, 'created'::text AS basis
        FROM firsts f JOIN tasks t ON t.id = f.task_id
        UNION ALL
        SELECT m.task_id, m.new_value, m.occurred_at, m.id, 'audit' FROM moves m
        UNION ALL
        SELECT t.id, t.status, GREATEST(l.occurred_at, t.updated_at), 9223372036854775807, 'row'
        FROM lasts l JOIN tasks t ON t.id = l.task_id
        WHERE l.new_value <> t.status
        UNION ALL
        SELECT t.id, e.status, e.entered_at, e.seq, e.basis
        FROM tasks t
        CROSS JOIN LATERAL v7_task_row_entries(t.status, t.created_at, t.started_at, t.completed_at, t.updated_at) e
        WHERE NOT EXISTS (SELECT 1 FROM firsts f WHERE f.task_id = t.id)
    )
    INSERT INTO v7_task_status_log (task_id, parent_phase, responsible_persona, status, previous_status, entered_at, basis)
    SELECT e.task_id, t.parent_phase, t.responsible_persona, e.status,
           lag(e.status) OVER (PARTITION BY e.task_id ORDER BY e.entered_at, e.seq), e.entered_at, e.basis
    FROM entries e JOIN tasks t ON t.id = e.task_id
    ORDER BY e.task_id, e.entered_at, e.seq;
    GET DIAGNOSTICS written = ROW_COUNT;

    PERFORM v7_task_status_times_refresh(task_ids);
    RETURN written;
END $$;

-- After the triggers, whose lock holds every other writer back until this migration commits: nothing written in
-- between is lost.
SELECT v7_task_status_log_backfill();

-- Each task's moves into a status, one row per move: the log as the views read it. seq orders moves at the same
-- instant; remaining_change is what the move does to the count of open tasks.
CREATE VIEW v7_task_status_entries AS
SELECT l.task_id, l.parent_phase, l.responsible_persona, l.status, l.previous_status, l.entered_at, l.entered_on,
       l.id AS seq, l.remaining_change, l.basis
FROM v7_task_status_log l;

-- Each task's status as intervals [entered_at, left_at): its moves, each lasting until the next (left_at NULL: the
-- current status).
CREATE VIEW v7_task_status_history AS
SELECT e.task_id, e.parent_phase, e.responsible_persona, e.status, e.entered_at,
       lead(e.entered_at) OVER (PARTITION BY e.task_id ORDER BY e.entered_at, e.seq) AS left_at,
       e.basis
FROM v7_task_status_entries e;

-- Per task: lead time (created → completed), cycle time (first in_progress → completed), the days spent in each
-- open status, and the days in the current one. A reopened task counts every stretch in a status; its lead and
-- cycle times run to its last completion. Times in days (v7_days); NULL where the task has not got there.
CREATE VIEW v7_task_cycle_times AS
SELECT t.id AS task_id,
       -- Explicit casts: text || integer would look up integer's output function on every row.
       'P' || t.parent_phase::text || '.T' || t.task_number::text AS work_order,
       t.parent_phase AS phase_number,
       t.task_name,
       t.responsible_persona,
       t.status,
       t.created_at,
       e.first_started_at AS started_at,
       e.done_at AS completed_at,
       v7_days(e.done_at - t.created_at) AS lead_time_days,
       v7_days(e.done_at - e.first_started_at) AS cycle_time_days,
       -- The current stretch, up to now, goes to the status the task is in; the others are as stored.
       CASE WHEN s.status = 'pending' THEN v7_days(s.pending + e.current_stretch) ELSE s.pending_days END AS days_pending,
       CASE WHEN s.status = 'in_progress' THEN v7_days(s.in_progress + e.current_stretch) ELSE s.in_progress_days END AS days_in_progress,
       CASE WHEN s.status = 'blocked' THEN v7_days(s.blocked + e.current_stretch) ELSE s.blocked_days END AS days_blocked,
       CASE WHEN s.status = 'review' THEN v7_days(s.review + e.current_stretch) ELSE s.review_days END AS days_review,
       CASE WHEN s.status = 'deferred' THEN v7_days(s.deferred + e.current_stretch) ELSE s.deferred_days END AS days_deferred,
       s.since AS status_since,
       v7_days(e.current_stretch) AS days_in_current_status
FROM v7_subworkflow_tasks t
JOIN v7_task_status_times s ON s.task_id = t.id
-- Flattened into the select list by the planner. "Now" as a sub-select is an InitPlan: read once per query, with no
-- join for it (a CTE would be one more join under every row).
CROSS JOIN LATERAL (SELECT GREATEST((SELECT v7_analytics_now()) - s.since, interval '0') AS current_stretch,
                           LEAST(t.started_at, s.first_in_progress_at) AS first_started_at,
                           CASE WHEN t.status = 'completed' THEN COALESCE(t.completed_at, s.last_completed_at) END AS done_at) e;

-- Tasks completed per ISO week (UTC, weeks start on Monday): overall, per phase and per persona. A completion is a
-- move into completed; a task reopened and completed again counts in each week it was completed. Weeks with no
-- completion have no row.
CREATE VIEW v7_velocity_weekly AS
SELECT h.week_start,
       to_char(h.week_start, 'IYYY-"W"IW') AS iso_week,
       CASE WHEN GROUPING(h.parent_phase) = 0 THEN 'phase'
            WHEN GROUPING(h.responsible_persona) = 0 THEN 'persona'
            ELSE 'overall' END AS scope,
       h.parent_phase AS phase_number,
       h.responsible_persona AS persona,
       sum(h.completed)::int AS completed
-- Counted per day, phase and persona first (the completions index holds all three), then per week: the grouping
-- sets add up a few hundred rows, not every completion.
FROM (SELECT date_trunc('week', d.entered_on::timestamp)::date AS week_start, d.parent_phase, d.responsible_persona,
             sum(d.completed) AS completed
      FROM (SELECT e.entered_on, e.parent_phase, e.responsible_persona, count(*) AS completed
            FROM v7_task_status_entries e
            WHERE e.status = 'completed'
            GROUP BY 1, 2, 3) d
      GROUP BY 1, 2, 3) h
GROUP BY GROUPING SETS ((h.week_start), (h.week_start, h.parent_phase), (h.week_start, h.responsible_persona));

-- Per phase and UTC day, from the day its first task was created to today: the tasks that existed at the end of
-- that day and were not completed or cancelled then (remaining_tasks), and all tasks that existed (total_tasks).
-- Each day is read from the history as it stood then, so a task reopened today leaves yesterday's count alone.
CREATE VIEW v7_phase_burndown AS
WITH events AS (
    -- Each move changes the count by whether it moves a task into or out of an open status; a task's creation also
    -- adds it to the total. A move between two open statuses changes neither.
    SELECT e.parent_phase, e.entered_on AS day, e.remaining_change AS remaining,
           CASE WHEN e.previous_status IS NULL THEN 1 ELSE 0 END AS total
    FROM v7_task_status_entries e
    WHERE e.remaining_change <> 0 OR e.previous_status IS NULL
),
daily AS (
    SELECT parent_phase, day, sum(remaining) AS remaining, sum(total) AS total FROM events GROUP BY parent_phase, day
),
spans AS (
    SELECT parent_phase, min(day) AS first_day FROM daily GROUP BY parent_phase
)
SELECT s.parent_phase AS phase_number,
       d.day,
       (sum(COALESCE(x.remaining, 0)) OVER w)::int AS remaining_tasks,
       (sum(COALESCE(x.total, 0)) OVER w)::int AS total_tasks
FROM spans s
CROSS JOIN LATERAL (SELECT s.first_day + i AS day
                    FROM generate_series(0, GREATEST(0, (v7_analytics_now() AT TIME ZONE 'UTC')::date - s.first_day)) AS i) AS d
LEFT JOIN daily x ON x.parent_phase = s.parent_phase AND x.day = d.day
WINDOW w AS (PARTITION BY s.parent_phase ORDER BY d.day);

-- Per open phase (not approved or completed), and for the whole migration (phase_number NULL: every task, every
-- completion): the tasks remaining now; the completions in each of the last 26 7-day windows up to now
-- (completions_by_week[1] is the 7 days up to now), which the Monte Carlo forecast draws from; the trailing weekly
-- throughput (completions in the 28 days up to now, divided by 4); and the linear estimate: today plus remaining /
-- throughput weeks, rounded up to a whole day (today when nothing remains; NULL when nothing was completed in those
-- 4 weeks). The same figures as they stood 7 days ago give slip_days: how many days the estimate moved out since.
CREATE VIEW v7_phase_forecast AS
WITH clock AS MATERIALIZED (
    SELECT v7_analytics_now() AS now, v7_analytics_now() - interval '7 days' AS week_ago,
           (v7_analytics_now() AT TIME ZONE 'UTC')::date AS today,
           -- Where the 26 windows start, oldest first. Window k (weeks_ago; 0: the 7 days up to now) holds the moves
           -- after now - 7(k + 1) days, up to and including now - 7k days: from 1 microsecond (timestamptz's unit)
           -- past the former. width_bucket over these starts is 26 - k, by comparisons alone, no arithmetic per move.
           ARRAY(SELECT v7_analytics_now() - g * interval '7 days' + interval '1 microsecond' FROM generate_series(26, 0, -1) AS g) AS window_starts
),
buckets AS (
    -- Per phase and window, the completions in it: a range of the completions index.
    SELECT e.parent_phase, 26 - width_bucket(e.entered_at, c.window_starts) AS weeks_ago, count(*) AS completions
    FROM v7_task_status_entries e
    CROSS JOIN clock c
    WHERE e.status = 'completed' AND e.entered_at > c.now - interval '182 days' AND e.entered_at <= c.now
    GROUP BY 1, 2
),
remaining AS (
    -- Per phase, the change each move makes to the open tasks, summed up to now and up to 7 days ago.
    SELECT e.parent_phase,
           sum(e.remaining_change) FILTER (WHERE e.entered_at <= c.now) AS remaining,
           sum(e.remaining_change) FILTER (WHERE e.entered_at <= c.week_ago) AS remaining_before
    FROM v7_task_status_entries e
    CROSS JOIN clock c
    WHERE e.remaining_change <> 0
    GROUP BY 1
),
per_phase AS (
    SELECT COALESCE(r.parent_phase, b.parent_phase) AS parent_phase,
           COALESCE(r.remaining, 0) AS remaining, COALESCE(r.remaining_before, 0) AS remaining_before,
           COALESCE(b.completed_last_4_weeks, 0) AS completed_last_4_weeks,
           COALESCE(b.completed_4_weeks_to_week_ago, 0) AS completed_4_weeks_to_week_ago
    FROM remaining r
    FULL JOIN (SELECT parent_phase,
                      sum(completions) FILTER (WHERE weeks_ago BETWEEN 0 AND 3) AS completed_last_4_weeks,
                      sum(completions) FILTER (WHERE weeks_ago BETWEEN 1 AND 4) AS completed_4_weeks_to_week_ago
               FROM buckets GROUP BY parent_phase) b ON b.parent_phase = r.parent_phase
),
subjects AS (
    SELECT w.phase_number, w.phase_name, w.status FROM v7_migration_workflow w WHERE w.status NOT IN ('approved', 'completed')
    UNION ALL
    SELECT NULL, 'whole migration', NULL
),
counted AS (
    SELECT s.phase_number, s.phase_name, s.status,
           COALESCE(sum(p.remaining), 0)::int AS remaining_tasks,
           COALESCE(sum(p.remaining_before), 0)::int AS remaining_week_ago,
           COALESCE(sum(p.completed_last_4_weeks), 0)::int AS completed_last_4_weeks,
           COALESCE(sum(p.completed_4_weeks_to_week_ago), 0)::int AS completed_4_weeks_to_week_ago
    FROM subjects s
    LEFT JOIN per_phase p ON s.phase_number IS NULL OR p.parent_phase = s.phase_number
    GROUP BY s.phase_number, s.phase_name, s.status
),
dated AS (
    SELECT k.*, c.today,
           CASE WHEN k.remaining_tasks = 0 THEN c.today
                WHEN k.completed_last_4_weeks > 0
                THEN c.today + ceil(28.0 * k.remaining_tasks / k.completed_last_4_weeks)::int END AS estimated_completion,
           CASE WHEN k.remaining_week_ago = 0 THEN c.today - 7
                WHEN k.completed_4_weeks_to_week_ago > 0
                THEN c.today - 7 + ceil(28.0 * k.remaining_week_ago / k.completed_4_weeks_to_week_ago)::int END AS estimated_completion_week_ago
    FROM counted k
    CROSS JOIN clock c
)
SELECT d.phase_number, d.phase_name, d.status,
       d.remaining_tasks,
       d.completed_last_4_weeks,
       round(d.completed_last_4_weeks / 4.0, 2) AS weekly_throughput,
       d.estimated_completion,
       d.remaining_week_ago,
       round(d.completed_4_weeks_to_week_ago / 4.0, 2) AS weekly_throughput_week_ago,
       d.estimated_completion_week_ago,
       -- A phase with nothing left has nothing to slip.
       CASE WHEN d.remaining_tasks > 0 THEN d.estimated_completion - d.estimated_completion_week_ago END AS slip_days,
       ARRAY(SELECT COALESCE(sum(b.completions), 0)::int
             FROM generate_series(0, 25) AS g(weeks_ago)
             LEFT JOIN buckets b ON b.weeks_ago = g.weeks_ago AND (d.phase_number IS NULL OR b.parent_phase = d.phase_number)
             GROUP BY g.weeks_ago
             ORDER BY g.weeks_ago) AS completions_by_week
FROM dated d
ORDER BY d.phase_number NULLS LAST;

-- Per phase, a 0-100 risk score: the sum of eight named parts, each capped, each its own column (README, "Risk
-- score", gives the weights). The shared parts (ENUM migrations and global impacts as the guide's §4.3 counts them,
-- the latest result of each test) weigh on every phase not yet approved or completed; the phase's own parts are its
-- blockers, blocked tasks, stale tasks (open stale_in_progress findings, so Jobs:StaleAfter decides), other open
-- findings of its tasks or of the phase itself, and the forecast: slip in the last week, or work under way that
-- finished nothing in 4 weeks.
CREATE VIEW v7_phase_risk AS
WITH enums AS (
    SELECT count(*) FILTER (WHERE risk_level = 'critical') AS critical_enums,
           count(*) FILTER (WHERE risk_level = 'high') AS high_enums
    FROM v7_enum_migrations
    WHERE status != 'implemented' AND risk_level IN ('high', 'critical')
),
impacts AS (
    SELECT count(*) FILTER (WHERE risk_assessment = 'critical') AS critical_impacts,
           count(*) FILTER (WHERE risk_assessment = 'high') AS high_impacts
    FROM v7_global_impacts
    WHERE approval_status = 'pending' AND risk_assessment IN ('high', 'critical')
),
latest_tests AS (
    -- A test that failed and passed since no longer counts: only each test's latest result does.
    SELECT DISTINCT ON (r.test_type, r.component_tested, COALESCE(r.v7_file_path, ''))
           r.test_status, r.backwards_compatible
    FROM v7_test_results r
    ORDER BY r.test_type, r.component_tested, COALESCE(r.v7_file_path, ''), r.tested_at DESC, r.id DESC
),
tests AS (
    SELECT count(*) FILTER (WHERE test_status IN ('fail', 'error')) AS failing_tests,
           count(*) FILTER (WHERE backwards_compatible = false) AS incompatible_tests
    FROM latest_tests
),
tasks AS (
    SELECT parent_phase, count(*) AS blocked_tasks FROM v7_subworkflow_tasks WHERE status = 'blocked' GROUP BY parent_phase
),
findings AS (
    SELECT COALESCE(t.parent_phase, p.phase_number) AS phase_number,
           -- The rule name is StaleInProgressRule.RuleName.
           count(DISTINCT f.task_id) FILTER (WHERE f.rule = 'stale_in_progress') AS stale_tasks,
           count(*) FILTER (WHERE f.rule <> 'stale_in_progress') AS open_findings
    FROM v7_sync_findings f
    LEFT JOIN v7_subworkflow_tasks t ON t.id = f.task_id
    LEFT JOIN v7_migration_workflow p ON f.task_id IS NULL AND f.subject = 'P' || p.phase_number
    WHERE f.status = 'open' AND (t.id IS NOT NULL OR p.phase_number IS NOT NULL)
    GROUP BY 1
),
counted AS (
    SELECT w.phase_number, w.phase_name, w.status,
           w.status NOT IN ('approved', 'completed') AS open,
           en.critical_enums, en.high_enums, im.critical_impacts, im.high_impacts,
           jsonb_array_length(w.blockers) AS blockers,
           COALESCE(k.blocked_tasks, 0) AS blocked_tasks,
           COALESCE(f.stale_tasks, 0) AS stale_tasks,
           ts.failing_tests, ts.incompatible_tests,
           COALESCE(f.open_findings, 0) AS open_findings,
           fc.remaining_tasks, fc.estimated_completion, fc.slip_days
    FROM v7_migration_workflow w
    CROSS JOIN enums en
    CROSS JOIN impacts im
    CROSS JOIN tests ts
    LEFT JOIN tasks k ON k.parent_phase = w.phase_number
    LEFT JOIN findings f ON f.phase_number = w.phase_number
    LEFT JOIN v7_phase_forecast fc ON fc.phase_number = w.phase_number
),
parts AS (
    SELECT c.*,
           CASE WHEN c.open THEN LEAST(15, 5 * c.critical_enums + 3 * c.high_enums) ELSE 0 END AS enum_points,
           CASE WHEN c.open THEN LEAST(10, 5 * c.critical_impacts + 3 * c.high_impacts) ELSE 0 END AS impact_points,
           LEAST(15, 5 * c.blockers) AS blocker_points,
           LEAST(15, 5 * c.blocked_tasks) AS blocked_points,
           LEAST(10, 5 * c.stale_tasks) AS stale_points,
           CASE WHEN c.open THEN LEAST(15, 5 * c.failing_tests + 5 * c.incompatible_tests) ELSE 0 END AS test_points,
           LEAST(10, 2 * c.open_findings) AS finding_points,
           CASE WHEN NOT c.open THEN 0
                WHEN c.remaining_tasks > 0 AND c.estimated_completion IS NULL
                     AND c.status IN ('in_progress', 'blocked') THEN 10
                ELSE LEAST(10, GREATEST(0, COALESCE(c.slip_days, 0))) END AS slip_points
    FROM counted c
)
SELECT p.phase_number, p.phase_name, p.status,
       (p.enum_points + p.impact_points + p.blocker_points + p.blocked_points + p.stale_points
        + p.test_points + p.finding_points + p.slip_points)::int AS risk_score,
       p.enum_points::int, p.impact_points::int, p.blocker_points::int, p.blocked_points::int,
       p.stale_points::int, p.test_points::int, p.finding_points::int, p.slip_points::int,
       (p.critical_enums + p.high_enums)::int AS open_risky_enums,
       (p.critical_impacts + p.high_impacts)::int AS open_risky_impacts,
       p.blockers::int, p.blocked_tasks::int, p.stale_tasks::int,
       p.failing_tests::int, p.incompatible_tests::int, p.open_findings::int,
       p.slip_days
FROM parts p
ORDER BY p.phase_number;
