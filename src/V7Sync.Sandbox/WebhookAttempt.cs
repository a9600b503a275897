namespace V7Sync.Sandbox;

/// <summary>What happened when a delivery was posted: the receiver's status code, or the error.</summary>
public sealed record WebhookAttempt(WebhookDelivery Delivery, string Signature, int? StatusCode, string? Error, bool Resent);
