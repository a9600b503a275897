using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>
/// Work ahead of the review gate: a task in progress, in review or completed in a phase that is still not started
/// (the gate lets a phase start only once the one before it is approved).
/// </summary>
internal sealed class TaskActiveInUnstartedPhaseRule : IIntegrityRule
{
    public string Name => FindingRules.TaskActiveInUnstartedPhase;

    public string Sql { get; } = FindingWriter.RuleStatement($"""
        SELECT t.id::text AS subject, t.id AS task_id, NULLIF(btrim(t.dart_task_id), '') AS dart_task_id,
               {TaskSql.Label()} || format(' is %s but phase %s (%s) has not started', t.status, w.phase_number, w.phase_name) AS message,
               jsonb_build_object('task_status', t.status, 'phase_status', w.status) AS detail
        FROM v7_subworkflow_tasks t
        JOIN v7_migration_workflow w ON w.phase_number = t.parent_phase
        WHERE w.status = 'not_started' AND t.status IN ('in_progress', 'review', 'completed')
        """);
}
