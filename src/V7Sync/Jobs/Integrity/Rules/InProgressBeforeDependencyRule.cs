namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>A task in progress while a dependency is not completed (the guide's "Blocked by dependencies").</summary>
internal sealed class InProgressBeforeDependencyRule : IIntegrityRule
{
    public string Name => "in_progress_before_dependency";

    public string Sql { get; } = FindingsSql.Raise(DependencyStatusSql.Find("in_progress", "in progress"));
}
