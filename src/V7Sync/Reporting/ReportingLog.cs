namespace V7Sync.Reporting;

/// <summary>Source-generated log messages of the read models (event ids of the CLI's range, 5000-5999; the demo's own are 5000, 5001, 5003).</summary>
internal static partial class ReportingLog
{
    [LoggerMessage(5002, LogLevel.Warning, "Demo: reading the audit log failed, retrying: {Reason}")]
    public static partial void DemoFollowFailed(this ILogger logger, string reason);
}
