namespace V7Sync.Webhooks;

/// <summary>The acknowledgement DART's own receivers send: <c>{"success": true}</c>.</summary>
internal sealed record WebhookAck(bool Success)
{
    public static readonly WebhookAck Acknowledged = new(true);
}
