using System.Collections.Concurrent;
using V7Sync.Dart;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// Passes every call to the real reconciler and records each snapshot it was handed; <paramref name="afterApply"/>
/// runs once each apply is recorded (a test's fault injected right there).
/// </summary>
public sealed class RecordingReconciler(ITaskReconciler inner, ConcurrentQueue<string> applied, Func<Task>? afterApply = null) : ITaskReconciler
{
    public async Task<ReconcileSummary> ApplyAsync(IReadOnlyList<DartTask> snapshots, string source, CancellationToken cancellationToken)
    {
        var summary = await inner.ApplyAsync(snapshots, source, cancellationToken);
        foreach (var snapshot in snapshots)
        {
            applied.Enqueue($"{snapshot.Id}@{snapshot.UpdatedAt:O}");
        }

        if (afterApply is not null)
        {
            await afterApply();
        }

        return summary;
    }

    public Task<ReconcileSummary> MarkDeletedAsync(string dartTaskId, string source, string reason, CancellationToken cancellationToken) =>
        inner.MarkDeletedAsync(dartTaskId, source, reason, cancellationToken);

    public Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken) =>
        inner.AddDeliverablesAsync(dartTaskId, urls, source, cancellationToken);

    public Task<ReconcileSummary> SetAsideAsync(IReadOnlyList<UnreadableTask> tasks, string source, CancellationToken cancellationToken) =>
        inner.SetAsideAsync(tasks, source, cancellationToken);
}

/// <summary>
/// A reconciler whose database never answers in time, to drive the retry and dead paths: only a fault that may pass
/// is retried (one that never can goes dead at once).
/// </summary>
public sealed class FailingReconciler : ITaskReconciler
{
    public const string Message = "The tracking database did not answer in time (test).";

    public Task<ReconcileSummary> ApplyAsync(IReadOnlyList<DartTask> snapshots, string source, CancellationToken cancellationToken) =>
        throw new TimeoutException(Message);

    public Task<ReconcileSummary> MarkDeletedAsync(string dartTaskId, string source, string reason, CancellationToken cancellationToken) =>
        throw new TimeoutException(Message);

    public Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken) =>
        throw new TimeoutException(Message);

    public Task<ReconcileSummary> SetAsideAsync(IReadOnlyList<UnreadableTask> tasks, string source, CancellationToken cancellationToken) =>
        throw new TimeoutException(Message);
}
