namespace V7Sync.Sandbox;

/// <summary>One page of a task list: the total that matched and the tasks of this page.</summary>
public sealed record TaskListPage(int Count, IReadOnlyList<SandboxTask> Results);
