namespace V7Sync.Sandbox;

/// <summary>What changed in the store; the webhook sender turns each into DART's event payload(s).</summary>
public sealed record SandboxChange(SandboxChangeKind Kind, SandboxTask Task, SandboxTask? OldTask = null, SandboxComment? Comment = null);
