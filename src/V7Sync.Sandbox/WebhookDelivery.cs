namespace V7Sync.Sandbox;

/// <summary>One webhook body as DART would send it; the signature is computed when it is sent.</summary>
public sealed record WebhookDelivery(string EventType, string TaskId, byte[] Body);
