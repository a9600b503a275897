using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>The guide's §8.1 "missing dependencies": a dependency id that names no task.</summary>
internal sealed class MissingDependencyRule : IIntegrityRule
{
    public string Name => FindingRules.MissingDependency;

    public string Sql { get; } = FindingWriter.RuleStatement($"""
        SELECT t.id::text AS subject, t.id AS task_id, t.dart_task_id,
               {TaskSql.Label()} || format(' depends on task id(s) %s, which do not exist', array_to_string(m.missing, ', ')) AS message,
               jsonb_build_object('missing', to_jsonb(m.missing)) AS detail
        FROM (
            SELECT e.task_id, array_agg(DISTINCT e.dependency_id ORDER BY e.dependency_id) AS missing
            FROM ({TaskSql.Edges}) e
            WHERE NOT EXISTS (SELECT 1 FROM v7_subworkflow_tasks x WHERE x.id = e.dependency_id)
            GROUP BY e.task_id
        ) m
        JOIN v7_subworkflow_tasks t ON t.id = m.task_id
        """);
}
