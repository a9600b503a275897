namespace V7Sync.Tracking;

/// <summary>A row of v7_sync_findings: a problem for the conductor, open until the rule no longer sees it.</summary>
public sealed class SyncFinding
{
    public long Id { get; set; }

    /// <summary>The rule or kind that raised it, e.g. dart_task_unlinked, stale_in_progress.</summary>
    public required string Rule { get; set; }

    /// <summary>What it is about, unique per rule while open: a task id, a DART id, a phase.</summary>
    public required string Subject { get; set; }

    public string Status { get; set; } = "open";

    public int? TaskId { get; set; }

    public string? DartTaskId { get; set; }

    public required string Message { get; set; }

    public string Detail { get; set; } = "{}";

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }
}
