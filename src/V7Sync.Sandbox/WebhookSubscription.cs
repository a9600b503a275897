namespace V7Sync.Sandbox;

/// <summary>
/// Which of DART's finer event kinds the webhook subscribes to besides task.updated (dart-api.md §7): a status
/// change and an assignee change each can also send their own event.
/// </summary>
public sealed record WebhookSubscription(bool StatusUpdated = true, bool AssigneesUpdated = true)
{
    public static readonly WebhookSubscription All = new();

    public static readonly WebhookSubscription UpdatedOnly = new(StatusUpdated: false, AssigneesUpdated: false);
}
