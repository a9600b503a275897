using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>A task completed while one of its dependencies is not (guide §3.2: dependencies gate readiness).</summary>
internal sealed class CompletedBeforeDependencyRule : IIntegrityRule
{
    public string Name => FindingRules.CompletedBeforeDependency;

    public string Sql { get; } = FindingWriter.RuleStatement(DependencyStatusSql.Find(TaskStatuses.Completed, "completed"));
}
