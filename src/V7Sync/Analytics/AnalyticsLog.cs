namespace V7Sync.Analytics;

/// <summary>Source-generated log messages for the analytics and the report (event ids 8000-8099).</summary>
internal static partial class AnalyticsLog
{
    [LoggerMessage(8000, LogLevel.Information, "Report written to {Path}: {Bytes} bytes in {ElapsedMs} ms")]
    public static partial void ReportWritten(this ILogger logger, string path, long bytes, long elapsedMs);
}
