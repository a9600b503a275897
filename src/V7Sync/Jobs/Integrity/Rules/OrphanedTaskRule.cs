using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>The guide's §8.3 "orphaned tasks": a task whose parent_phase names no phase (possible in a database
/// that predates the foreign key, or where it was dropped).</summary>
internal sealed class OrphanedTaskRule : IIntegrityRule
{
    public string Name => FindingRules.OrphanedTask;

    public string Sql { get; } = FindingWriter.RuleStatement($"""
        SELECT t.id::text AS subject, t.id AS task_id, t.dart_task_id,
               {TaskSql.Label()} || format(' belongs to phase %s, which does not exist', t.parent_phase) AS message,
               jsonb_build_object('parent_phase', t.parent_phase) AS detail
        FROM v7_subworkflow_tasks t
        WHERE NOT EXISTS (SELECT 1 FROM v7_migration_workflow w WHERE w.phase_number = t.parent_phase)
        """);
}
