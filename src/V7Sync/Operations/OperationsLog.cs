namespace V7Sync.Operations;

/// <summary>Source-generated log messages for the operator's figures (event ids 1100-1199, hosting's range).</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(1100, LogLevel.Debug, "The operations figures could not be read: {Reason}")]
    public static partial void FiguresUnreadable(this ILogger logger, string reason);
}
