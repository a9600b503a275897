namespace V7Sync.Cli;

/// <summary>Source-generated log messages of the CLI verbs and the demo (event ids 5000-5999).</summary>
internal static partial class CliLog
{
    [LoggerMessage(5000, LogLevel.Information, "Demo: DART sandbox at {SandboxUrl}, webhooks to {WebhookUrl}")]
    public static partial void DemoSandboxStarted(this ILogger logger, Uri sandboxUrl, Uri webhookUrl);

    [LoggerMessage(5001, LogLevel.Information, "Demo: seeded {Count} sample work order(s)")]
    public static partial void DemoPlanSeeded(this ILogger logger, int count);

    [LoggerMessage(5002, LogLevel.Warning, "Demo: reading the audit log failed, retrying: {Reason}")]
    public static partial void DemoFollowFailed(this ILogger logger, string reason);

    [LoggerMessage(5003, LogLevel.Information, "Demo: stopped")]
    public static partial void DemoStopped(this ILogger logger);
}
