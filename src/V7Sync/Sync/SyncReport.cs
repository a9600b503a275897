namespace V7Sync.Sync;

/// <summary>What one sync cycle did: requests made, tasks seen and fetched, and what the reconciler changed.</summary>
/// <param name="Deliverables">What the cycle did after its task walk: report folders read, comments repaired (full).</param>
public sealed record SyncReport(SyncMode Mode, int ListRequests, int TasksSeen, int TasksFetched, ReconcileSummary Reconciled, DateTimeOffset? Watermark, int Deleted, SyncTimings? Timings = null,
    Deliverables.DeliverablesReport? Deliverables = null);
