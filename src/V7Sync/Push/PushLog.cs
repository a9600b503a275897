namespace V7Sync.Push;

/// <summary>Source-generated log messages for the push to DART (event ids 6000-6999). No message carries the token.</summary>
internal static partial class PushLog
{
    [LoggerMessage(6000, LogLevel.Information, "Pushing to DART is off (Push:Enabled = false): the conductor's writes wait in dart_outbox")]
    public static partial void PushDisabled(this ILogger logger);

    [LoggerMessage(6001, LogLevel.Information, "Created DART task {DartTaskId} for {Key}")]
    public static partial void TaskCreated(this ILogger logger, string key, string dartTaskId);

    [LoggerMessage(6002, LogLevel.Warning, "Outbox row {Id} ({Key}, attempt {Attempts}) failed and went {Status}: {Error}")]
    public static partial void PushFailed(this ILogger logger, long id, string? key, int attempts, string status, string error);

    [LoggerMessage(6003, LogLevel.Warning, "Outbox row {Id}: the claim was lost (its lease ran out and another processor took it); nothing recorded")]
    public static partial void ClaimLost(this ILogger logger, long id);

    [LoggerMessage(6004, LogLevel.Warning, "{Key} was linked to DART task {Linked} while V7Sync created DART task {Created}; the new one is reported as a key conflict")]
    public static partial void LinkedMeanwhile(this ILogger logger, string key, string? linked, string created);

    [LoggerMessage(6005, LogLevel.Error, "The push processor failed; it tries again in {Delay}")]
    public static partial void ProcessorFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(6006, LogLevel.Warning, "Listening for outbox notifications failed; falling back to polling every {Interval} until it reconnects: {Reason}")]
    public static partial void ListenFailed(this ILogger logger, TimeSpan interval, string reason);

    [LoggerMessage(6007, LogLevel.Warning, "{Count} outbox row(s) went dead: claimed Push:MaxAttempts times, the last lease expired without an outcome. Ids: {Ids}")]
    public static partial void RowsAbandoned(this ILogger logger, int count, string ids);

    [LoggerMessage(6008, LogLevel.Information, "Shutting down: released {Count} claimed outbox row(s) unpushed, for the next processor")]
    public static partial void RowsReleased(this ILogger logger, int count);

    [LoggerMessage(6009, LogLevel.Debug, "Pushed {Count} outbox row(s)")]
    public static partial void Drained(this ILogger logger, int count);
}
