namespace V7Sync.Tracking;

/// <summary>
/// Every rule (kind) of v7_sync_findings: the ones the reconciler raises while it applies DART's tasks, then the
/// integrity rules' (Jobs/Integrity/Rules). README's findings table describes each.
/// </summary>
public static class FindingRules
{
    /// <summary>A DART task that matches no work order (subject: the DART task id).</summary>
    public const string DartTaskUnlinked = "dart_task_unlinked";

    /// <summary>A DART task whose title names a work order already linked to another DART task (subject: DART id).</summary>
    public const string WorkOrderKeyConflict = "work_order_key_conflict";

    /// <summary>A linked DART task that is in DART's trash or gone (subject: the DART task id).</summary>
    public const string DartTaskDeleted = "dart_task_deleted";

    /// <summary>
    /// A DART task set aside because it could not be read, or the tracking database refused its snapshot (subject: the
    /// DART id when one could be read, else page@&lt;offset&gt;#&lt;index&gt; or webhook@&lt;inbox id&gt;).
    /// </summary>
    public const string DartTaskUnreadable = "dart_task_unreadable";

    /// <summary>A DART task whose own record is stamped later than now + Dart:MaxClockSkew (subject: the DART id).</summary>
    public const string DartClockSkew = "dart_clock_skew";

    /// <summary>
    /// DART moved a work order whose status the conductor decided (cancelled, deferred) to another status; the row
    /// keeps the conductor's (subject: the task id).
    /// </summary>
    public const string StatusConflict = "status_conflict";

    /// <summary>A responsible_persona that Dart:PersonaAssignees maps to no DART user (subject: the persona).</summary>
    public const string PersonaUnmapped = "persona_unmapped";

    /// <summary>A push to DART that went dead: refused for good, or failed Push:MaxAttempts times (subject: the task id).</summary>
    public const string DartPushFailed = "dart_push_failed";

    /// <summary>A task whose parent_phase names no phase (subject: the task id).</summary>
    public const string OrphanedTask = "orphaned_task";

    /// <summary>A completed task with no DART task id (subject: the task id).</summary>
    public const string CompletedWithoutDartLink = "completed_without_dart_link";

    /// <summary>In progress longer than Jobs:StaleAfter (subject: the task id).</summary>
    public const string StaleInProgress = "stale_in_progress";

    /// <summary>A dependency id that names no task (subject: the task id).</summary>
    public const string MissingDependency = "missing_dependency";

    /// <summary>A task on a dependency cycle (subject: the task id).</summary>
    public const string DependencyCycle = "dependency_cycle";

    /// <summary>Completed while a dependency is not (subject: the task id).</summary>
    public const string CompletedBeforeDependency = "completed_before_dependency";

    /// <summary>In progress while a dependency is not completed (subject: the task id).</summary>
    public const string InProgressBeforeDependency = "in_progress_before_dependency";

    /// <summary>A phase completed or approved with tasks still open (subject: P&lt;n&gt;).</summary>
    public const string PhaseDoneWithOpenTasks = "phase_done_with_open_tasks";

    /// <summary>A phase in review with no deliverables (subject: P&lt;n&gt;).</summary>
    public const string PhaseReviewWithoutDeliverables = "phase_review_without_deliverables";

    /// <summary>Two or more rows linked to one DART task (subject: the DART task id).</summary>
    public const string DuplicateDartLink = "duplicate_dart_link";

    /// <summary>
    /// A report doc whose title names a work-order key that no work order has, or one of another phase than its phase
    /// folder's (subject: the DART doc id). Raised and resolved by the report reader (Deliverables/).
    /// </summary>
    public const string ReportUnmatched = "report_unmatched";

    /// <summary>A phase in progress whose tasks (at least one) are all completed or cancelled (subject: P&lt;n&gt;).</summary>
    public const string PhaseReadyForReview = "phase_ready_for_review";

    /// <summary>A task in progress, in review or completed in a phase still not started (subject: the task id).</summary>
    public const string TaskActiveInUnstartedPhase = "task_active_in_unstarted_phase";

    /// <summary>DART's assignees of a linked task lack the user Dart:PersonaAssignees gives its persona (subject: the task id).</summary>
    public const string AssigneeMismatch = "assignee_mismatch";
}
