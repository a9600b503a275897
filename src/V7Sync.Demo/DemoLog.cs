namespace V7Sync.Demo;

/// <summary>Source-generated log messages of the demo (event ids of the CLI's range, 5000-5999).</summary>
internal static partial class DemoLog
{
    [LoggerMessage(5000, LogLevel.Information, "Demo: DART sandbox at {SandboxUrl}, webhooks to {WebhookUrl}")]
    public static partial void DemoSandboxStarted(this ILogger logger, Uri sandboxUrl, Uri webhookUrl);

    [LoggerMessage(5001, LogLevel.Information, "Demo: seeded {Count} sample work order(s)")]
    public static partial void DemoPlanSeeded(this ILogger logger, int count);

    [LoggerMessage(5003, LogLevel.Information, "Demo: stopped")]
    public static partial void DemoStopped(this ILogger logger);
}
