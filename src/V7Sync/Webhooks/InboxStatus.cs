namespace V7Sync.Webhooks;

/// <summary>The values of dart_webhook_inbox.status.</summary>
internal static class InboxStatus
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string Processed = "processed";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";
    public const string Dead = "dead";

    /// <summary>An older or repeated delivery that changed nothing; superseded_by holds the applied version it lost to.</summary>
    public const string Superseded = "superseded";
}
