using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>
/// The guide's §5.2 step 1 and §7.3 "check if phase complete", as a finding: a phase in progress whose tasks (at least
/// one) are all completed or cancelled is ready for the conductor's review. Read-only: the conductor still moves the
/// phase; it resolves when the phase goes to review, approved or completed (or a task reopens).
/// </summary>
internal sealed class PhaseReadyForReviewRule : IIntegrityRule
{
    public string Name => FindingRules.PhaseReadyForReview;

    public string Sql { get; } = FindingWriter.RuleStatement("""
        SELECT 'P' || w.phase_number AS subject, NULL::int AS task_id, NULL::text AS dart_task_id,
               format('Phase %s (%s) is in progress and all %s of its tasks are completed or cancelled: ready for review (v7_phase_deliverables has its deliverables)',
                   w.phase_number, w.phase_name, count(*)) AS message,
               jsonb_build_object('tasks', count(*), 'completed', count(*) FILTER (WHERE t.status = 'completed'),
                   'cancelled', count(*) FILTER (WHERE t.status = 'cancelled')) AS detail
        FROM v7_migration_workflow w
        JOIN v7_subworkflow_tasks t ON t.parent_phase = w.phase_number
        WHERE w.status = 'in_progress'
        GROUP BY w.phase_number
        HAVING bool_and(t.status IN ('completed', 'cancelled'))
        """);
}
