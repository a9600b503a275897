-- The conductor's numbers (guide §10.2, §10.3): cycle times, velocity, burndown, forecast and risk, as views.
-- Every view is rebuilt from the status history, so a past day or week reads the same after later changes.
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

-- The status history is read per task in time order; this keeps that read an index scan, not a sort.
-- Covering, so the history is an index-only scan of the status moves alone (a fifth of a typical audit log).
CREATE INDEX IF NOT EXISTS ix_v7_sync_audit_status_history
    ON v7_sync_audit (task_id, occurred_at, id) INCLUDE (old_value, new_value) WHERE action = 'status_changed' AND field = 'status';
-- action decides field (status_changed is always field status): without this the planner multiplies the two
-- selectivities, expects a tenth of the status moves, and picks a hash join that spills.
CREATE STATISTICS IF NOT EXISTS st_v7_sync_audit_action_field (dependencies, mcv) ON action, field FROM v7_sync_audit;

-- Each task's moves into a status, one row per move (status, and previous_status: NULL for the move that creates
-- the task). Built from the audited status moves (v7_sync_audit, action status_changed, field status) and, where the
-- audit log says nothing, from the row itself, so a status the conductor wrote by SQL (which V7Sync does not audit)
-- still counts: a task without audited moves is pending from created_at, in_progress from started_at and completed
-- from completed_at; a current status the moves do not end on is entered at the row's updated_at. basis says where a
-- move comes from: 'created' (from created_at), 'audit' (an audited move), 'row' (the row's started_at,
-- completed_at or updated_at). A status written between two audited moves without being audited is not seen: the
-- second move's old_value is taken as where the task was. seq orders moves at the same instant.
-- Window-free, so the views that need only moves (velocity, burndown, forecast, risk) read it in one index pass.
CREATE VIEW v7_task_status_entries AS
WITH moves AS NOT MATERIALIZED (
    SELECT a.task_id, a.id, a.occurred_at, COALESCE(a.old_value, 'pending') AS old_value, a.new_value
    FROM v7_sync_audit a
    WHERE a.action = 'status_changed' AND a.field = 'status' AND a.task_id IS NOT NULL AND a.new_value IS NOT NULL
),
firsts AS NOT MATERIALIZED (
    SELECT DISTINCT ON (m.task_id) m.task_id, m.occurred_at, m.old_value FROM moves m ORDER BY m.task_id, m.occurred_at, m.id
),
lasts AS NOT MATERIALIZED (
    SELECT DISTINCT ON (m.task_id) m.task_id, m.occurred_at, m.new_value FROM moves m ORDER BY m.task_id DESC, m.occurred_at DESC, m.id DESC
),
unaudited AS (
    -- Tasks without one audited move: the row's own times, never before the task was created.
    SELECT t.id, t.parent_phase, t.responsible_persona, t.status, t.created_at, t.updated_at,
           CASE WHEN t.started_at IS NOT NULL THEN GREATEST(t.started_at, t.created_at) END AS started_at,
           CASE WHEN t.status = 'completed' AND t.completed_at IS NOT NULL
                THEN GREATEST(t.completed_at, t.started_at, t.created_at) END AS completed_at
    FROM v7_subworkflow_tasks t
    WHERE NOT EXISTS (SELECT 1 FROM moves m WHERE m.task_id = t.id)
),
unaudited_end AS (
    SELECT u.*, k.known_status,
           -- GREATEST skips NULLs: the latest of the row's times is where its own moves end.
           CASE WHEN u.status <> k.known_status THEN GREATEST(u.completed_at, u.started_at, u.created_at, u.updated_at) END AS unaudited_at
    FROM unaudited u
    CROSS JOIN LATERAL (SELECT CASE WHEN u.completed_at IS NOT NULL THEN 'completed'
                                    WHEN u.started_at IS NOT NULL THEN 'in_progress' ELSE 'pending' END AS known_status) k
)
-- Before the first audited move: the status it moved from, since the task was created.
SELECT t.id AS task_id, t.parent_phase, t.responsible_persona, f.old_value AS status, NULL::text AS previous_status,
       LEAST(t.created_at, f.occurred_at) AS entered_at, 0::bigint AS seq, 'created'::text AS basis
FROM firsts f JOIN v7_subworkflow_tasks t ON t.id = f.task_id
UNION ALL
SELECT m.task_id, t.parent_phase, t.responsible_persona, m.new_value, m.old_value, m.occurred_at, m.id, 'audit'
FROM moves m JOIN v7_subworkflow_tasks t ON t.id = m.task_id
UNION ALL
-- The row's status, written after the last audited move by something V7Sync did not audit.
SELECT t.id, t.parent_phase, t.responsible_persona, t.status, l.new_value, GREATEST(l.occurred_at, t.updated_at),
       9223372036854775807, 'row'
FROM lasts l JOIN v7_subworkflow_tasks t ON t.id = l.task_id
WHERE l.new_value <> t.status
UNION ALL
SELECT u.id, u.parent_phase, u.responsible_persona, i.status, i.previous_status, i.entered_at, i.seq, i.basis
FROM unaudited_end u
CROSS JOIN LATERAL (VALUES
    (true, 'pending', NULL, u.created_at, 0, 'created'),
    (u.started_at IS NOT NULL, 'in_progress', 'pending', u.started_at, 1, 'row'),
    (u.completed_at IS NOT NULL, 'completed', CASE WHEN u.started_at IS NOT NULL THEN 'in_progress' ELSE 'pending' END, u.completed_at, 2, 'row'),
    (u.unaudited_at IS NOT NULL, u.status, u.known_status, u.unaudited_at, 3, 'row')
) AS i(present, status, previous_status, entered_at, seq, basis)
WHERE i.present;

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
WITH clock AS (SELECT v7_analytics_now() AS now),
spent AS (
    SELECT h.task_id,
           min(h.entered_at) FILTER (WHERE h.status = 'in_progress') AS first_in_progress_at,
           max(h.entered_at) FILTER (WHERE h.status = 'completed') AS last_completed_at,
           max(h.entered_at) FILTER (WHERE h.left_at IS NULL) AS current_since,
           sum(d.spent) FILTER (WHERE h.status = 'pending') AS pending,
           sum(d.spent) FILTER (WHERE h.status = 'in_progress') AS in_progress,
           sum(d.spent) FILTER (WHERE h.status = 'blocked') AS blocked,
           sum(d.spent) FILTER (WHERE h.status = 'review') AS review,
           sum(d.spent) FILTER (WHERE h.status = 'deferred') AS deferred
    FROM v7_task_status_history h
    CROSS JOIN clock
    CROSS JOIN LATERAL (SELECT GREATEST(COALESCE(h.left_at, clock.now) - h.entered_at, interval '0') AS spent) d
    GROUP BY h.task_id
),
ends AS (
    SELECT t.*, s.*,
           LEAST(t.started_at, s.first_in_progress_at) AS first_started_at,
           CASE WHEN t.status = 'completed' THEN COALESCE(t.completed_at, s.last_completed_at) END AS done_at
    FROM v7_subworkflow_tasks t
    JOIN spent s ON s.task_id = t.id
)
SELECT e.id AS task_id,
       'P' || e.parent_phase || '.T' || e.task_number AS work_order,
       e.parent_phase AS phase_number,
       e.task_name,
       e.responsible_persona,
       e.status,
       e.created_at,
       e.first_started_at AS started_at,
       e.done_at AS completed_at,
       v7_days(e.done_at - e.created_at) AS lead_time_days,
       v7_days(e.done_at - e.first_started_at) AS cycle_time_days,
       COALESCE(v7_days(e.pending), 0) AS days_pending,
       COALESCE(v7_days(e.in_progress), 0) AS days_in_progress,
       COALESCE(v7_days(e.blocked), 0) AS days_blocked,
       COALESCE(v7_days(e.review), 0) AS days_review,
       COALESCE(v7_days(e.deferred), 0) AS days_deferred,
       e.current_since AS status_since,
       v7_days(GREATEST(clock.now - e.current_since, interval '0')) AS days_in_current_status
FROM ends e
CROSS JOIN clock;

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
       count(*)::int AS completed
FROM (SELECT date_trunc('week', e.entered_at AT TIME ZONE 'UTC')::date AS week_start, e.parent_phase, e.responsible_persona
      FROM v7_task_status_entries e
      WHERE e.status = 'completed') h
GROUP BY GROUPING SETS ((h.week_start), (h.week_start, h.parent_phase), (h.week_start, h.responsible_persona));

-- Per phase and UTC day, from the day its first task was created to today: the tasks that existed at the end of
-- that day and were not completed or cancelled then (remaining_tasks), and all tasks that existed (total_tasks).
-- Each day is read from the history as it stood then, so a task reopened today leaves yesterday's count alone.
CREATE VIEW v7_phase_burndown AS
WITH events AS (
    -- Each move changes the count by whether it moves a task into or out of an open status; a task's creation also
    -- adds it to the total.
    SELECT e.parent_phase, (e.entered_at AT TIME ZONE 'UTC')::date AS day,
           (CASE WHEN v7_is_remaining(e.status) THEN 1 ELSE 0 END)
           - (CASE WHEN e.previous_status IS NOT NULL AND v7_is_remaining(e.previous_status) THEN 1 ELSE 0 END) AS remaining,
           CASE WHEN e.previous_status IS NULL THEN 1 ELSE 0 END AS total
    FROM v7_task_status_entries e
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
WITH clock AS (
    SELECT v7_analytics_now() AS now, (v7_analytics_now() AT TIME ZONE 'UTC')::date AS today
),
buckets AS (
    -- The one pass over the moves: per phase and week window, the completions in it (weeks_ago NULL: the rest), and
    -- the change each move makes to the open tasks, summed up to now and up to 7 days ago.
    SELECT e.parent_phase,
           CASE WHEN e.status = 'completed' AND e.entered_at > c.now - interval '182 days' AND e.entered_at <= c.now
                THEN floor(extract(epoch FROM c.now - e.entered_at) / 604800)::int END AS weeks_ago,
           count(*) FILTER (WHERE e.status = 'completed') AS completions,
           sum(d.delta) FILTER (WHERE e.entered_at <= c.now) AS remaining,
           sum(d.delta) FILTER (WHERE e.entered_at <= c.now - interval '7 days') AS remaining_before
    FROM v7_task_status_entries e
    CROSS JOIN clock c
    CROSS JOIN LATERAL (SELECT (CASE WHEN v7_is_remaining(e.status) THEN 1 ELSE 0 END)
                               - (CASE WHEN e.previous_status IS NOT NULL AND v7_is_remaining(e.previous_status) THEN 1 ELSE 0 END) AS delta) d
    GROUP BY 1, 2
),
subjects AS (
    SELECT w.phase_number, w.phase_name, w.status FROM v7_migration_workflow w WHERE w.status NOT IN ('approved', 'completed')
    UNION ALL
    SELECT NULL, 'whole migration', NULL
),
counted AS (
    SELECT s.phase_number, s.phase_name, s.status,
           COALESCE(sum(b.remaining), 0)::int AS remaining_tasks,
           COALESCE(sum(b.remaining_before), 0)::int AS remaining_week_ago,
           COALESCE(sum(b.completions) FILTER (WHERE b.weeks_ago BETWEEN 0 AND 3), 0)::int AS completed_last_4_weeks,
           COALESCE(sum(b.completions) FILTER (WHERE b.weeks_ago BETWEEN 1 AND 4), 0)::int AS completed_4_weeks_to_week_ago
    FROM subjects s
    LEFT JOIN buckets b ON s.phase_number IS NULL OR b.parent_phase = s.phase_number
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
WITH shared AS (
    SELECT
        (SELECT count(*) FILTER (WHERE risk_level = 'critical') FROM v7_enum_migrations
         WHERE status != 'implemented' AND risk_level IN ('high', 'critical')) AS critical_enums,
        (SELECT count(*) FILTER (WHERE risk_level = 'high') FROM v7_enum_migrations
         WHERE status != 'implemented' AND risk_level IN ('high', 'critical')) AS high_enums,
        (SELECT count(*) FILTER (WHERE risk_assessment = 'critical') FROM v7_global_impacts
         WHERE approval_status = 'pending' AND risk_assessment IN ('high', 'critical')) AS critical_impacts,
        (SELECT count(*) FILTER (WHERE risk_assessment = 'high') FROM v7_global_impacts
         WHERE approval_status = 'pending' AND risk_assessment IN ('high', 'critical')) AS high_impacts
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
    SELECT parent_phase, count(*) FILTER (WHERE status = 'blocked') AS blocked_tasks
    FROM v7_subworkflow_tasks GROUP BY parent_phase
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
           s.critical_enums, s.high_enums, s.critical_impacts, s.high_impacts,
           jsonb_array_length(w.blockers) AS blockers,
           COALESCE(k.blocked_tasks, 0) AS blocked_tasks,
           COALESCE(f.stale_tasks, 0) AS stale_tasks,
           ts.failing_tests, ts.incompatible_tests,
           COALESCE(f.open_findings, 0) AS open_findings,
           fc.remaining_tasks, fc.estimated_completion, fc.slip_days
    FROM v7_migration_workflow w
    CROSS JOIN shared s
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
