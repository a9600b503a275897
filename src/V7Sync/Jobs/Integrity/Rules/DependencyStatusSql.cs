namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>The shape both "ahead of a dependency" rules share: a task in <c>status</c> whose dependency is not completed.</summary>
internal static class DependencyStatusSql
{
    // Grouped by the primary key, so the task's other columns may be selected as they are.
    public static string Find(string status, string verb) => $"""
        SELECT t.id::text AS subject, t.id AS task_id, t.dart_task_id,
               {TaskSql.Label()} || format(' is {verb} but depends on %s, not completed',
                   string_agg({TaskSql.Key("d")} || ' (' || d.status || ')', ', ' ORDER BY d.id)) AS message,
               jsonb_build_object('dependencies', jsonb_agg(d.id ORDER BY d.id)) AS detail
        FROM v7_subworkflow_tasks t
        CROSS JOIN LATERAL unnest(t.dependencies) AS e (dependency_id)
        JOIN v7_subworkflow_tasks d ON d.id = e.dependency_id
        WHERE t.status = '{status}' AND d.status <> 'completed'
        GROUP BY t.id
        """;
}
