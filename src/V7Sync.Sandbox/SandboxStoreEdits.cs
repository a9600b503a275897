namespace V7Sync.Sandbox;

/// <summary>The everyday edits personas and tests make in DART, each one <see cref="SandboxStore.Update"/>.</summary>
public static class SandboxStoreEdits
{
    public static SandboxTask SetStatus(this SandboxStore store, string id, string status, bool notify = true) =>
        store.Update(id, task => task with { Status = status, UpdatedBy = "persona@v7.example" }, notify);

    public static SandboxTask AddAttachment(this SandboxStore store, string id, string name, string url, string kind = "text/markdown", bool notify = true) =>
        store.Update(id, task => task with { Attachments = [.. task.Attachments, new SandboxAttachment(name, url, kind)] }, notify);

    /// <summary>Links a (new) Dart doc from the task's description as markdown, the way personas cite deliverables.</summary>
    public static (SandboxTask Task, string DocUrl) AddDocLink(this SandboxStore store, string id, string docTitle, bool notify = true)
    {
        var url = SandboxIds.DocUrl(SandboxIds.NewId(), docTitle);
        var task = store.Update(id, task => task with
        {
            Description = string.IsNullOrEmpty(task.Description)
                ? $"Deliverable: [{docTitle}]({url})"
                : $"{task.Description}\n\nDeliverable: [{docTitle}]({url})",
        }, notify);
        return (task, url);
    }

    /// <summary>DART's DELETE: the task moves to the trash (recoverable) and a task.deleted event goes out.</summary>
    public static SandboxTask Delete(this SandboxStore store, string id, bool notify = true) =>
        store.Update(id, task => task with { InTrash = true }, notify);
}
