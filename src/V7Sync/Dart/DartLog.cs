namespace V7Sync.Dart;

/// <summary>Source-generated log messages for the DART client (event ids 2000-2999, shared with the sync).</summary>
internal static partial class DartLog
{
    [LoggerMessage(2004, LogLevel.Information, "DART task {DartTaskId} was not found when fetched; the next full resync reports it")]
    public static partial void TaskVanished(this ILogger logger, string dartTaskId);
}
