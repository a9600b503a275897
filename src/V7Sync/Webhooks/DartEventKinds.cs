namespace V7Sync.Webhooks;

/// <summary>DART's webhook event kinds (dart-api.md §7, EventKindsEnum) and what V7Sync does with each.</summary>
internal static class DartEventKinds
{
    public const string TaskCreated = "task.created";
    public const string TaskUpdated = "task.updated";
    public const string TaskDeleted = "task.deleted";
    public const string TaskStatusUpdated = "task.status_updated";
    public const string TaskAssigneesUpdated = "task.assignees_updated";
    public const string CommentCreated = "comment.created";
    public const string DocCreated = "doc.created";
    public const string DocUpdated = "doc.updated";
    public const string DocDeleted = "doc.deleted";

    public static WebhookEventCategory Categorize(string type) => type switch
    {
        TaskCreated or TaskUpdated or TaskStatusUpdated or TaskAssigneesUpdated => WebhookEventCategory.TaskSnapshot,
        TaskDeleted => WebhookEventCategory.TaskDeleted,
        CommentCreated => WebhookEventCategory.Comment,
        DocCreated or DocUpdated or DocDeleted => WebhookEventCategory.Doc,
        _ => WebhookEventCategory.Unknown,
    };
}
