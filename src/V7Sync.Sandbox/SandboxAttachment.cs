namespace V7Sync.Sandbox;

/// <summary>A task attachment: DART's {name, url, kind} where kind is a MIME type.</summary>
public sealed record SandboxAttachment(string Name, string Url, string Kind);
