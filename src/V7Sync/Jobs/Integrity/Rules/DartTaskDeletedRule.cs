using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>
/// The reconciler raises dart_task_deleted when a linked DART task is trashed or gone (subject = DART id). Resolved
/// here when no row links that DART task any more, or when a row linked to it has taken a DART update stamped after
/// the finding was raised (the task came back from the trash).
/// </summary>
internal sealed class DartTaskDeletedRule : IIntegrityRule
{
    public string Name => FindingRules.DartTaskDeleted;

    public string Sql { get; } = FindingWriter.ResolveOnlyStatement($"""
        NOT {TaskSql.SubjectIsLinked}
        OR EXISTS (SELECT 1 FROM v7_subworkflow_tasks t WHERE t.dart_task_id = f.subject AND t.dart_updated_at > f.first_seen_at)
        """);
}
