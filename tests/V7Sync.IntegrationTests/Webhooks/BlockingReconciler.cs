using V7Sync.Dart;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// Passes snapshots to the real reconciler but holds every deletion until it is cancelled, so a test can stop the
/// app in the middle of a batch; <see cref="Entered"/> completes when a deletion is being held.
/// </summary>
public sealed class BlockingReconciler(ITaskReconciler inner, TaskCompletionSource entered) : ITaskReconciler
{
    public Task<ReconcileSummary> ApplyAsync(IReadOnlyList<DartTask> snapshots, string source, CancellationToken cancellationToken) =>
        inner.ApplyAsync(snapshots, source, cancellationToken);

    public async Task<ReconcileSummary> MarkDeletedAsync(string dartTaskId, string source, string reason, CancellationToken cancellationToken)
    {
        entered.TrySetResult();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("Unreachable: the delay ends only by cancellation.");
    }

    public Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken) =>
        inner.AddDeliverablesAsync(dartTaskId, urls, source, cancellationToken);

    public Task<ReconcileSummary> SetAsideAsync(IReadOnlyList<UnreadableTask> tasks, string source, CancellationToken cancellationToken) =>
        inner.SetAsideAsync(tasks, source, cancellationToken);
}
