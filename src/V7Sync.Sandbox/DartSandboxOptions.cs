using Microsoft.Extensions.Logging;

namespace V7Sync.Sandbox;

/// <summary>How to start a <see cref="DartSandbox"/>. Everything has a default that works for a test.</summary>
public sealed class DartSandboxOptions
{
    /// <summary>The bearer token requests must carry; anything else gets 401.</summary>
    public string Token { get; init; } = SandboxDefaults.Token;

    /// <summary>0 picks a free port; the actual one is in <see cref="DartSandbox.BaseUrl"/>.</summary>
    public int Port { get; init; }

    /// <summary>The clock that stamps updatedAt/createdAt/completedAt (a FakeTimeProvider in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where signed webhooks go; may also be set later through <see cref="WebhookSender.Target"/>.</summary>
    public Uri? WebhookUrl { get; init; }

    public string? WebhookSecret { get; init; }

    /// <summary>Send task.status_updated as well as task.updated when a status changes (both kinds subscribed).</summary>
    public bool SendStatusUpdatedEvents { get; init; } = true;

    public ILoggerFactory? LoggerFactory { get; init; }
}
