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
