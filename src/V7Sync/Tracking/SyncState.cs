namespace V7Sync.Tracking;

/// <summary>A row of dart_sync_state: the watermark and last-run facts of one sync stream.</summary>
public sealed class SyncState
{
    public const string PollStream = "poll";

    public required string Stream { get; set; }

    /// <summary>The newest DART updatedAt that is fully committed; the next poll starts from it minus the overlap.</summary>
    public DateTimeOffset? Watermark { get; set; }

    public DateTimeOffset? LastRunStartedAt { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    public DateTimeOffset? LastFullSyncAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? LastErrorAt { get; set; }

    public int LastTasksSeen { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
