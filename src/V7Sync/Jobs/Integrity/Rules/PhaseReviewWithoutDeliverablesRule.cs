using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>A phase in review with nothing to review: deliverables empty ({}, [], null or "").</summary>
internal sealed class PhaseReviewWithoutDeliverablesRule : IIntegrityRule
{
    public string Name => FindingRules.PhaseReviewWithoutDeliverables;

    public string Sql { get; } = FindingWriter.RuleStatement("""
        SELECT 'P' || w.phase_number AS subject, NULL::int AS task_id, NULL::text AS dart_task_id,
               format('Phase %s (%s) is in review but records no deliverables', w.phase_number, w.phase_name) AS message,
               jsonb_build_object('deliverables', w.deliverables) AS detail
        FROM v7_migration_workflow w
        WHERE w.status = 'review'
          AND (w.deliverables IS NULL OR w.deliverables IN ('{}'::jsonb, '[]'::jsonb, 'null'::jsonb, '""'::jsonb))
        """);
}
