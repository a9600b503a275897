using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>A phase completed or approved while some of its tasks are neither completed nor cancelled.</summary>
internal sealed class PhaseDoneWithOpenTasksRule : IIntegrityRule
{
    public string Name => FindingRules.PhaseDoneWithOpenTasks;

    public string Sql { get; } = FindingWriter.RuleStatement($"""
        SELECT 'P' || w.phase_number AS subject, NULL::int AS task_id, NULL::text AS dart_task_id,
               format('Phase %s (%s) is %s but %s task(s) are still open: %s%s', w.phase_number, w.phase_name, w.status,
                   count(*), array_to_string((array_agg({TaskSql.Key("t")} || ' ' || t.status ORDER BY t.task_number))[1:10], ', '),
                   CASE WHEN count(*) > 10 THEN ', …' ELSE '' END) AS message,
               jsonb_build_object('phase_status', w.status, 'open_tasks', jsonb_agg(t.id ORDER BY t.id)) AS detail
        FROM v7_migration_workflow w
        JOIN v7_subworkflow_tasks t ON t.parent_phase = w.phase_number
        WHERE w.status IN ('completed', 'approved') AND t.status NOT IN ('completed', 'cancelled')
        GROUP BY w.phase_number
        """);
}
