using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>
/// The reconciler raises work_order_key_conflict (a DART task whose key names a row already linked to another DART
/// task; subject = DART id). Resolved here once the conductor has linked that DART task to a row.
/// </summary>
internal sealed class WorkOrderKeyConflictRule : IIntegrityRule
{
    public string Name => FindingRules.WorkOrderKeyConflict;

    public string Sql { get; } = FindingWriter.ResolveOnlyStatement(TaskSql.SubjectIsLinked);
}
