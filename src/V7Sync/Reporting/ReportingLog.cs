namespace V7Sync.Cli;

/// <summary>Source-generated log messages of the CLI verbs (event ids 5000-5999; the demo's own are 5000, 5001, 5003).</summary>
internal static partial class CliLog
{
    [LoggerMessage(5002, LogLevel.Warning, "Demo: reading the audit log failed, retrying: {Reason}")]
    public static partial void DemoFollowFailed(this ILogger logger, string reason);
}
