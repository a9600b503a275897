using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>The guide's §8.3 "missing DART links": a completed task with no DART task id (empty counts as none).</summary>
internal sealed class CompletedWithoutDartLinkRule : IIntegrityRule
{
    public string Name => FindingRules.CompletedWithoutDartLink;

    public string Sql { get; } = FindingWriter.RuleStatement($"""
        SELECT t.id::text AS subject, t.id AS task_id, NULL::text AS dart_task_id,
               {TaskSql.Label()} || ' is completed but has no DART task id' AS message,
               jsonb_build_object() AS detail
        FROM v7_subworkflow_tasks t
        WHERE t.status = 'completed' AND NULLIF(btrim(t.dart_task_id), '') IS NULL
        """);
}
