namespace V7Sync.Tracking;

/// <summary>A row of v7_sync_audit: one field V7Sync changed, or one event it deliberately did not apply.</summary>
public sealed class SyncAuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>poll, webhook, resync, job or cli (see <see cref="AuditSources"/>).</summary>
    public required string Source { get; set; }

    /// <summary>See <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    public int? TaskId { get; set; }

    public string? DartTaskId { get; set; }

    public string? Field { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }

    /// <summary>jsonb: whatever else explains the row (the DART status title, the finding, the event).</summary>
    public string Detail { get; set; } = "{}";

    public string? TraceId { get; set; }
}
