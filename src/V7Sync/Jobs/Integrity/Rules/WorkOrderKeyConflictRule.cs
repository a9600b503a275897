namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>
/// The reconciler raises work_order_key_conflict (a DART task whose key names a row already linked to another DART
/// task; subject = DART id). Resolved here once the conductor has linked that DART task to a row.
/// </summary>
internal sealed class WorkOrderKeyConflictRule : IIntegrityRule
{
    public string Name => "work_order_key_conflict";

    public string Sql { get; } = FindingsSql.ResolveOnly(TaskSql.SubjectIsLinked);
}
