namespace V7Sync.Webhooks;

/// <summary>Source-generated log messages for the webhook endpoint and the inbox processor (event ids 3000-3999).</summary>
/// <remarks>No message carries a secret, a signature or a raw body.</remarks>
internal static partial class WebhookLog
{
    [LoggerMessage(3000, LogLevel.Warning, "Webhooks:AllowUnsigned is on and no secret is configured: unsigned webhook deliveries are accepted. Use this only locally")]
    public static partial void UnsignedAccepted(this ILogger logger);

    [LoggerMessage(3001, LogLevel.Warning, "Refused a webhook delivery: the Dart-Signature header is {Problem}")]
    public static partial void SignatureRefused(this ILogger logger, string problem);

    [LoggerMessage(3002, LogLevel.Warning, "Refused a webhook delivery of {Length} bytes: Webhooks:MaxBodyBytes is {Max}")]
    public static partial void BodyTooLarge(this ILogger logger, long length, int max);

    [LoggerMessage(3003, LogLevel.Warning, "Stored a malformed webhook delivery as rejected: {Reason}")]
    public static partial void Malformed(this ILogger logger, string reason);

    [LoggerMessage(3004, LogLevel.Error, "Could not store a webhook delivery (not an outage); answered 503 so that it is not acknowledged")]
    public static partial void StoreFailed(this ILogger logger, Exception exception);

    [LoggerMessage(3005, LogLevel.Debug, "Webhook {EventType} for task {DartTaskId} was already stored")]
    public static partial void Duplicate(this ILogger logger, string eventType, string? dartTaskId);

    [LoggerMessage(3006, LogLevel.Information, "Webhook event kind {EventType} is unknown; recorded as ignored")]
    public static partial void UnknownKind(this ILogger logger, string eventType);

    [LoggerMessage(3007, LogLevel.Warning, "Refused a webhook delivery whose body could not be read: {Reason}")]
    public static partial void BodyUnreadable(this ILogger logger, string reason);

    [LoggerMessage(3010, LogLevel.Debug, "Processed {Count} inbox row(s): {Failed} failed, {Dead} dead")]
    public static partial void BatchProcessed(this ILogger logger, int count, int failed, int dead);

    [LoggerMessage(3011, LogLevel.Warning, "Inbox row {Id} ({EventType}, attempt {Attempts}) failed: {Error}")]
    public static partial void RowFailed(this ILogger logger, long id, string? eventType, int attempts, string? error);

    [LoggerMessage(3012, LogLevel.Error, "The webhook inbox processor failed; it tries again in {Delay}")]
    public static partial void ProcessorFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(3013, LogLevel.Warning, "{Count} inbox row(s) went dead: claimed {MaxAttempts} times (Webhooks:MaxAttempts), the last lease expired without an outcome; did the processor crash on them? Ids: {Ids}")]
    public static partial void RowsAbandoned(this ILogger logger, int count, string ids, int maxAttempts);

    [LoggerMessage(3014, LogLevel.Information, "Shutting down: released {Count} claimed inbox row(s) unapplied, for the next processor")]
    public static partial void RowsReleased(this ILogger logger, int count);

    [LoggerMessage(3015, LogLevel.Warning, "Shutting down: could not release {Count} claimed inbox row(s); they come back when their lease runs out")]
    public static partial void ReleaseFailed(this ILogger logger, Exception exception, int count);

    [LoggerMessage(3016, LogLevel.Information, "Took back {Count} inbox row(s) of a claim whose answer was lost with the connection")]
    public static partial void RowsReclaimed(this ILogger logger, int count);
}
