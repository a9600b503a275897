namespace V7Sync.Tracking;

/// <summary>
/// The statuses a work order (v7_subworkflow_tasks.status) can have: the guide's vocabulary, which the schema's
/// CHECK ck_v7_subworkflow_tasks_status enforces (a test holds the two equal) and Dart:StatusMap maps onto.
/// </summary>
public static class TaskStatuses
{
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Blocked = "blocked";
    public const string Review = "review";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Deferred = "deferred";

    /// <summary>Every status, in the guide's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Pending, InProgress, Blocked, Review, Completed, Cancelled, Deferred];

    public static bool IsKnown(string status) => All.Contains(status, StringComparer.Ordinal);
}
