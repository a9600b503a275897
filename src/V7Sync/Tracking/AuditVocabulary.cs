namespace V7Sync.Tracking;

/// <summary>Where a change came from: the values of v7_sync_audit.source.</summary>
public static class AuditSources
{
    public const string Poll = "poll";
    public const string Webhook = "webhook";
    public const string Resync = "resync";
    public const string Job = "job";
    public const string Cli = "cli";

    /// <summary>The push processor: what V7Sync sent to DART, and what it linked instead of creating.</summary>
    public const string Push = "push";
}

/// <summary>What happened: the values of v7_sync_audit.action the conductor reads (README lists each).</summary>
public static class AuditActions
{
    public const string TaskLinked = "task_linked";
    public const string StatusChanged = "status_changed";
    public const string StartedAtSet = "started_at_set";
    public const string CompletedAtSet = "completed_at_set";
    public const string CompletedAtCleared = "completed_at_cleared";
    public const string DeliverableAdded = "deliverable_added";
    public const string DeliverableRejected = "deliverable_rejected";
    public const string DartTaskUnlinked = "dart_task_unlinked";
    public const string DartTaskDeleted = "dart_task_deleted";
    /// <summary>No longer written (issue 13): an older or repeated delivery marks its inbox row superseded instead.
    /// Kept so that rows written before still read as what they are.</summary>
    public const string EventStaleIgnored = "event_stale_ignored";
    public const string StatusUnmapped = "status_unmapped";
    public const string StaleFlagged = "stale_flagged";
    public const string StaleCleared = "stale_cleared";
    public const string IntegrityViolation = "integrity_violation";
    public const string IntegrityResolved = "integrity_resolved";

    /// <summary>V7Sync created the DART task of a work order (the conductor's INSERT, or `v7sync push --backfill`).</summary>
    public const string DartTaskCreated = "dart_task_created";

    /// <summary>A plan field the conductor changed was sent to the work order's DART task (one row per field).</summary>
    public const string DartTaskUpdated = "dart_task_updated";

    /// <summary>A status the conductor wrote was sent to DART as its DART title (or, for deferred, as a comment).</summary>
    public const string DartStatusPushed = "dart_status_pushed";

    /// <summary>The conductor put a dead inbox row back to pending (`v7sync inbox replay`).</summary>
    public const string InboxReplayed = "inbox_replayed";

    /// <summary>DART's assignees of the linked task changed (field dart_assignees, the whole list before and after).</summary>
    public const string AssigneesChanged = "assignees_changed";
}
