namespace V7Sync.Sync;

/// <summary>Source-generated log messages for the sync (event ids 2000-2999; the DART client's are in DartLog).</summary>
internal static partial class SyncLog
{
    [LoggerMessage(2000, LogLevel.Information, "{Mode} sync: {ListRequests} list request(s), {Seen} task(s) seen, {Fetched} fetched, {Changed} work order(s) changed, {Audit} audit row(s), watermark {Watermark}")]
    public static partial void SyncCompleted(this ILogger logger, SyncMode mode, int listRequests, int seen, int fetched, int changed, int audit, string? watermark);

    [LoggerMessage(2001, LogLevel.Error, "DART rejected the API token (HTTP {StatusCode}); check Dart:Token. The poller keeps trying every {Interval}.")]
    public static partial void TokenRejected(this ILogger logger, int statusCode, TimeSpan interval);

    [LoggerMessage(2003, LogLevel.Debug, "Another replica holds the poll lock; skipping this cycle")]
    public static partial void PollLockBusy(this ILogger logger);


    [LoggerMessage(2005, LogLevel.Information, "Polling is off (Dart:PollEnabled = false)")]
    public static partial void PollingDisabled(this ILogger logger);

    [LoggerMessage(2006, LogLevel.Information, "DART accepts the API token again")]
    public static partial void TokenAccepted(this ILogger logger);

    [LoggerMessage(2007, LogLevel.Error, "The sync cycle failed unexpectedly and will run again in {Interval}: {Reason}")]
    public static partial void SyncFailedUnexpectedly(this ILogger logger, Exception exception, TimeSpan interval, string reason);

    [LoggerMessage(2009, LogLevel.Warning, "DART's task list changed during the walk: {Seen} distinct task(s) seen of the {Count} it counted; the watermark stays at {Watermark} so the next cycle reads them again")]
    public static partial void WalkIncomplete(this ILogger logger, int seen, int count, string? watermark);

    [LoggerMessage(2010, LogLevel.Warning, "DART task {Subject} was set aside (finding dart_task_unreadable): {Reason}")]
    public static partial void TaskSetAside(this ILogger logger, string subject, string reason);

    [LoggerMessage(2008, LogLevel.Error, "The sync cycle failed and its failure could not be recorded in dart_sync_state: {Reason}")]
    public static partial void SyncFailureNotRecorded(this ILogger logger, string reason);
}
