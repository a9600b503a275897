namespace V7Sync.Tracking;

/// <summary>Where a change came from: the values of v7_sync_audit.source.</summary>
public static class AuditSources
{
    public const string Poll = "poll";
    public const string Webhook = "webhook";
    public const string Resync = "resync";
    public const string Job = "job";
    public const string Cli = "cli";
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
    public const string EventStaleIgnored = "event_stale_ignored";
    public const string StatusUnmapped = "status_unmapped";
    public const string StaleFlagged = "stale_flagged";
    public const string StaleCleared = "stale_cleared";
    public const string IntegrityViolation = "integrity_violation";
    public const string IntegrityResolved = "integrity_resolved";

    /// <summary>DART's assignees of the linked task changed (field dart_assignees, the whole list before and after).</summary>
    public const string AssigneesChanged = "assignees_changed";
}
