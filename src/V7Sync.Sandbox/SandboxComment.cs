namespace V7Sync.Sandbox;

/// <summary>A comment on a task (DART's comments carry no timestamp).</summary>
public sealed record SandboxComment(string Id, string TaskId, string Text, string Author, string? ParentId)
{
    public string HtmlUrl => $"{SandboxIds.TaskUrl(TaskId, "")}?comment={Id}";
}
