namespace V7Sync.Webhooks;

/// <summary>
/// What the endpoint reads from a delivery before storing it: enough to index, dedupe and route it. The processor
/// reads the model itself again from the stored raw body.
/// </summary>
/// <param name="DartTaskId">The task the event is about: the model's id, or a comment's taskId.</param>
/// <param name="DedupeKey">Equal for re-sent deliveries of one event; null when the payload has nothing stable to key on.</param>
internal sealed record WebhookEnvelope(
    string Type,
    WebhookEventCategory Category,
    string? DartTaskId,
    DateTimeOffset? DartUpdatedAt,
    string? DedupeKey);
