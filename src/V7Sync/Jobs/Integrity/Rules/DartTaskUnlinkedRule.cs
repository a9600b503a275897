using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>
/// The reconciler raises dart_task_unlinked (a DART task that matches no work order; subject = DART id). This rule
/// never raises it, only resolves it once some row is linked to that DART task.
/// </summary>
internal sealed class DartTaskUnlinkedRule : IIntegrityRule
{
    public string Name => FindingRules.DartTaskUnlinked;

    public string Sql { get; } = FindingWriter.ResolveOnlyStatement(TaskSql.SubjectIsLinked);
}
