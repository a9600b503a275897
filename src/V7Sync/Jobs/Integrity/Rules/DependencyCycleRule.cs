using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>
/// Tasks that (transitively) depend on themselves. One finding per task on a cycle, naming the cycle's tasks.
/// </summary>
/// <remarks>
/// Every cycle has a smallest task id m, and m's edge along the cycle points to a larger id (a "forward" edge).
/// So the walk starts only at forward edges and, from root m, follows dependencies only through ids above m; it
/// returns to m exactly when m is on a cycle. Dependencies usually point at earlier tasks, so forward edges are
/// rare and the walk is short, instead of a transitive closure of the whole table. Each step records its parent,
/// and walking those pointers back from the tasks that close the cycle gives every task on it.
/// </remarks>
internal sealed class DependencyCycleRule : IIntegrityRule
{
    public string Name => FindingRules.DependencyCycle;

    public string Sql { get; } = FindingWriter.RuleStatement($"""
        WITH RECURSIVE
        forward_edges AS MATERIALIZED (
            -- "id <= ANY(dependencies)" is a cheap array test, so only the few rows that pass are unnested.
            SELECT t.id AS root, d AS node
            FROM v7_subworkflow_tasks t CROSS JOIN LATERAL unnest(t.dependencies) AS d
            WHERE t.id <= ANY (t.dependencies) AND d >= t.id
        ),
        reach (root, node, parent) AS (
            SELECT root, node, root FROM forward_edges WHERE node > root
            UNION
            -- LATERAL keeps each step an index lookup per walked task, not a scan of the table per step.
            SELECT r.root, next.d, r.node
            FROM reach r
            CROSS JOIN LATERAL (
                SELECT d FROM v7_subworkflow_tasks t CROSS JOIN LATERAL unnest(t.dependencies) AS d
                WHERE t.id = r.node AND d > r.root
                OFFSET 0 -- an optimisation fence: without it the planner flattens this into a hash join over every task
            ) AS next
        ),
        closing AS (
            SELECT r.root, r.node
            FROM reach r
            WHERE EXISTS (SELECT 1 FROM v7_subworkflow_tasks t WHERE t.id = r.node AND r.root = ANY (t.dependencies) OFFSET 0)
            UNION
            SELECT root, root FROM forward_edges WHERE node = root
        ),
        on_cycle (root, node) AS (
            SELECT root, node FROM closing
            UNION
            SELECT o.root, r.parent FROM on_cycle o JOIN reach r ON r.root = o.root AND r.node = o.node
        ),
        membership AS (
            SELECT node AS task_id, min(root) AS root FROM on_cycle GROUP BY node
        ),
        cycles AS (
            SELECT o.root, string_agg({TaskSql.Key("c")}, ', ' ORDER BY c.id) AS labels, jsonb_agg(c.id ORDER BY c.id) AS ids
            FROM (SELECT DISTINCT root, node FROM on_cycle) o
            JOIN v7_subworkflow_tasks c ON c.id = o.node
            GROUP BY o.root
        )
        SELECT t.id::text AS subject, t.id AS task_id, t.dart_task_id,
               {TaskSql.Label()} || format(' is on a dependency cycle among %s', c.labels) AS message,
               jsonb_build_object('cycle', c.ids) AS detail
        FROM membership m
        JOIN cycles c ON c.root = m.root
        JOIN v7_subworkflow_tasks t ON t.id = m.task_id
        """);
}
