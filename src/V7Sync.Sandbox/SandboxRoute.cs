namespace V7Sync.Sandbox;

/// <summary>The request-counter key of a sandbox route ("GET /tasks/{id}").</summary>
internal sealed record SandboxRoute(string Key);
