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

    /// <summary>The finer events sent next to task.updated: task.status_updated and task.assignees_updated (both by default).</summary>
    public WebhookSubscription Subscription { get; init; } = WebhookSubscription.All;

    /// <summary>
    /// Starts the id of every task the sandbox creates (alphanumeric, at most 8 characters), e.g. "V7Demo", so a
    /// database kept between runs can tell the sandbox's tasks apart; empty = wholly random ids.
    /// </summary>
    public string TaskIdPrefix { get; init; } = "";

    /// <summary>
    /// How long each request waits (wall clock) before it is served: a DART across the internet rather than on loopback,
    /// for a bench whose baseline would otherwise only measure two cores serving themselves. Zero by default.
    /// </summary>
    public TimeSpan Latency { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }
}
