using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>A task in progress while a dependency is not completed (the guide's "Blocked by dependencies").</summary>
internal sealed class InProgressBeforeDependencyRule : IIntegrityRule
{
    public string Name => FindingRules.InProgressBeforeDependency;

    public string Sql { get; } = FindingWriter.RuleStatement(DependencyStatusSql.Find(TaskStatuses.InProgress, "in progress"));
}
