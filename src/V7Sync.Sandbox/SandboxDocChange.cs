namespace V7Sync.Sandbox;

/// <summary>A change in the doc store: <paramref name="EventType"/> is DART's event kind (doc.created, doc.updated, doc.deleted).</summary>
public sealed record SandboxDocChange(string EventType, SandboxDoc Doc, SandboxDoc? OldDoc = null);
