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

    public static WebhookEventCategory Categorize(string type) => type switch
    {
        TaskCreated or TaskUpdated or TaskStatusUpdated or TaskAssigneesUpdated => WebhookEventCategory.TaskSnapshot,
        TaskDeleted => WebhookEventCategory.TaskDeleted,
        CommentCreated => WebhookEventCategory.Comment,
        "doc.created" or "doc.updated" or "doc.deleted" => WebhookEventCategory.Doc,
        _ => WebhookEventCategory.Unknown,
    };
}

/// <summary>What an event means to V7Sync.</summary>
internal enum WebhookEventCategory
{
    /// <summary>A task snapshot for the reconciler.</summary>
    TaskSnapshot,

    /// <summary>The task went to DART's trash.</summary>
    TaskDeleted,

    /// <summary>A comment: recorded; a Dart doc link in it becomes a deliverable of its task.</summary>
    Comment,

    /// <summary>A doc event: recorded, nothing to apply (a doc has no link to a task in the API).</summary>
    Doc,

    /// <summary>A kind V7Sync does not know: acknowledged and recorded as ignored.</summary>
    Unknown,
}
