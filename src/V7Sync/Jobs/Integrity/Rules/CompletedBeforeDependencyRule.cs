namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>A task completed while one of its dependencies is not (guide §3.2: dependencies gate readiness).</summary>
internal sealed class CompletedBeforeDependencyRule : IIntegrityRule
{
    public string Name => "completed_before_dependency";

    public string Sql { get; } = FindingsSql.Raise(DependencyStatusSql.Find("completed", "completed"));
}
