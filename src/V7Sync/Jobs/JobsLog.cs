namespace V7Sync.Jobs;

/// <summary>Source-generated log messages for the scheduled jobs and the integrity rules (event ids 4000-4999).</summary>
internal static partial class JobsLog
{
    [LoggerMessage(4000, LogLevel.Information, "Integrity rules ran: {Rules} rule(s), {Open} open finding(s), {Opened} opened, {Resolved} resolved in {ElapsedMs} ms")]
    public static partial void RulesRan(this ILogger logger, int rules, int open, int opened, int resolved, long elapsedMs);

    [LoggerMessage(4001, LogLevel.Information, "Rule {Rule} opened finding(s) for {Count} subject(s)")]
    public static partial void FindingsOpened(this ILogger logger, string rule, int count);

    [LoggerMessage(4002, LogLevel.Error, "Rule {Rule} failed; the other rules still ran")]
    public static partial void RuleFailed(this ILogger logger, Exception exception, string rule);

    [LoggerMessage(4003, LogLevel.Information, "Commented on stale DART task {DartTaskId}")]
    public static partial void StaleCommentPosted(this ILogger logger, string dartTaskId);

    [LoggerMessage(4004, LogLevel.Warning, "Could not comment on stale DART task {DartTaskId}; will retry on the next run")]
    public static partial void StaleCommentFailed(this ILogger logger, Exception exception, string dartTaskId);

    [LoggerMessage(4005, LogLevel.Information, "Full resync finished: {TasksSeen} task(s) seen, {Changed} changed, {Deleted} deleted")]
    public static partial void FullResyncFinished(this ILogger logger, int tasksSeen, int changed, int deleted);

    [LoggerMessage(4006, LogLevel.Information, "Retention: {Bodies} inbox raw body(ies) older than {InboxDays} day(s) dropped (hashes kept), {AuditRows} audit row(s) deleted (Retention:AuditDays {AuditDays}; 0 keeps them)")]
    public static partial void RetentionRan(this ILogger logger, long bodies, int inboxDays, long auditRows, int auditDays);

    [LoggerMessage(4007, LogLevel.Debug, "Quartz instance {InstanceId} left the cluster cleanly ({Rows} scheduler state row removed)")]
    public static partial void SchedulerDeregistered(this ILogger logger, string instanceId, int rows);

    [LoggerMessage(4008, LogLevel.Warning, "Could not remove Quartz instance {InstanceId} from the cluster at shutdown; the next start reports it as a failed instance: {Reason}")]
    public static partial void SchedulerDeregistrationFailed(this ILogger logger, string instanceId, string reason);
}
