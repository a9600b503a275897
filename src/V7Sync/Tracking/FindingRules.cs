namespace V7Sync.Tracking;

/// <summary>The rules (kinds) of v7_sync_findings raised while reconciling; the integrity job adds its own.</summary>
public static class FindingRules
{
    /// <summary>A DART task that matches no work order (subject: the DART task id).</summary>
    public const string DartTaskUnlinked = "dart_task_unlinked";

    /// <summary>A DART task whose title names a work order already linked to another DART task (subject: DART id).</summary>
    public const string WorkOrderKeyConflict = "work_order_key_conflict";

    /// <summary>A linked DART task that is in DART's trash or gone (subject: the DART task id).</summary>
    public const string DartTaskDeleted = "dart_task_deleted";
}
