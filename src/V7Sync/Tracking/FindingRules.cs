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

    /// <summary>
    /// A DART task set aside because it could not be read, or the tracking database refused its snapshot (subject: the
    /// DART id when one could be read, else page@&lt;offset&gt;#&lt;index&gt; or webhook@&lt;inbox id&gt;).
    /// </summary>
    public const string DartTaskUnreadable = "dart_task_unreadable";

    /// <summary>A DART task whose own record is stamped later than now + Dart:MaxClockSkew (subject: the DART id).</summary>
    public const string DartClockSkew = "dart_clock_skew";
}
