namespace V7Sync.Sandbox;

/// <summary>An answer the sandbox gives instead of serving a request: a status code and, for 429/503, a Retry-After.</summary>
public sealed record SandboxFault(int StatusCode, TimeSpan? RetryAfter = null);
