using V7Sync.Dart;

namespace V7Sync.Sync;

/// <summary>
/// The one reconciler every path (poll, webhook, resync) hands DART task snapshots to. It decides with a pure
/// function and applies in one transaction per call, with the rows locked and the version guard on updatedAt:
/// an older snapshot changes nothing, the same snapshot twice changes nothing and writes no audit row.
/// </summary>
public interface ITaskReconciler
{
    /// <summary>Applies snapshots (full or list items) in order, all in one transaction.</summary>
    Task<ReconcileSummary> ApplyAsync(IReadOnlyList<DartTask> snapshots, string source, CancellationToken cancellationToken);

    /// <summary>DART says the task is gone (deleted webhook, trash, 404): audit dart_task_deleted and raise a finding; the row stays.</summary>
    Task<ReconcileSummary> MarkDeletedAsync(string dartTaskId, string source, string reason, CancellationToken cancellationToken);

    /// <summary>Appends deliverable URLs (e.g. a Dart doc linked in a comment) to the task linked to that DART task.</summary>
    Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken);

    /// <summary>
    /// Sets aside tasks that could not be read (or whose snapshot the database refused): the finding dart_task_unreadable
    /// opens once per subject, audited; it resolves when the task reads fine again.
    /// </summary>
    Task<ReconcileSummary> SetAsideAsync(IReadOnlyList<UnreadableTask> tasks, string source, CancellationToken cancellationToken);
}

/// <summary>What one reconcile call did. <see cref="SetAside"/>: tasks left as they were because they did not read or were refused.</summary>
public sealed record ReconcileSummary(int Snapshots, int TasksChanged, int AuditRows, int Stale, int Unlinked, int SetAside = 0)
{
    public static readonly ReconcileSummary Empty = new(0, 0, 0, 0, 0);

    public ReconcileSummary Add(ReconcileSummary other) => new(
        Snapshots + other.Snapshots, TasksChanged + other.TasksChanged, AuditRows + other.AuditRows,
        Stale + other.Stale, Unlinked + other.Unlinked, SetAside + other.SetAside);
}

/// <summary>One sync cycle against DART: incremental from the watermark, or a full walk plus the trash.</summary>
public interface IDartSync
{
    Task<SyncReport> RunAsync(SyncMode mode, string source, CancellationToken cancellationToken);
}

public enum SyncMode
{
    Incremental,
    Full,
}

/// <summary>What one sync cycle did: requests made, tasks seen and fetched, and what the reconciler changed.</summary>
public sealed record SyncReport(SyncMode Mode, int ListRequests, int TasksSeen, int TasksFetched, ReconcileSummary Reconciled, DateTimeOffset? Watermark, int Deleted, SyncTimings? Timings = null);

/// <summary>Where a cycle spent its time: listing, planning (reads), fetching full records, applying (writes).</summary>
public sealed record SyncTimings(TimeSpan List, TimeSpan Plan, TimeSpan Fetch, TimeSpan Apply)
{
    public override string ToString() =>
        $"list {List.TotalMilliseconds:N0} ms, plan {Plan.TotalMilliseconds:N0} ms, fetch {Fetch.TotalMilliseconds:N0} ms, apply {Apply.TotalMilliseconds:N0} ms";
}
