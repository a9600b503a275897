namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>The shape both "ahead of a dependency" rules share: a task in <c>status</c> whose dependency is not completed.</summary>
internal static class DependencyStatusSql
{
    public static string Find(string status, string verb) => $"""
        SELECT t.id::text AS subject, t.id AS task_id, t.dart_task_id,
               {TaskSql.Label()} || format(' is {verb} but depends on %s, not completed', b.labels) AS message,
               jsonb_build_object('dependencies', b.ids) AS detail
        FROM (
            SELECT e.task_id,
                   string_agg({TaskSql.Key("d")} || ' (' || d.status || ')', ', ' ORDER BY d.id) AS labels,
                   jsonb_agg(d.id ORDER BY d.id) AS ids
            FROM ({TaskSql.Edges}) e
            JOIN v7_subworkflow_tasks d ON d.id = e.dependency_id
            WHERE d.status <> 'completed'
            GROUP BY e.task_id
        ) b
        JOIN v7_subworkflow_tasks t ON t.id = b.task_id
        WHERE t.status = '{status}'
        """;
}
