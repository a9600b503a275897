namespace V7Sync.Jobs;

/// <summary>What the daily RetentionJob prunes (section <c>Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Quartz cron (seconds first, UTC). Default daily at 03:30, after the nightly full resync.</summary>
    public string Cron { get; set; } = "0 30 3 * * ?";

    /// <summary>
    /// Inbox rows processed, ignored or superseded longer ago than this lose their raw body; their hash and dedupe key
    /// stay, so a replay of the same delivery is still recognised. Dead and rejected rows keep theirs until handled.
    /// </summary>
    public int InboxDays { get; set; } = 30;

    /// <summary>Audit rows older than this are deleted; 0 (the default) keeps the audit log for ever: it is the conductor's memory.</summary>
    public int AuditDays { get; set; }
}
