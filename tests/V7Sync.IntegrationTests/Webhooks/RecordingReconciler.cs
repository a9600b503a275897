using System.Collections.Concurrent;
using V7Sync.Dart;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>Passes every call to the real reconciler and records each snapshot it was handed.</summary>
public sealed class RecordingReconciler(ITaskReconciler inner, ConcurrentQueue<string> applied) : ITaskReconciler
{
    public async Task<ReconcileSummary> ApplyAsync(IReadOnlyList<DartTask> snapshots, string source, CancellationToken cancellationToken)
    {
        var summary = await inner.ApplyAsync(snapshots, source, cancellationToken);
        foreach (var snapshot in snapshots)
        {
            applied.Enqueue($"{snapshot.Id}@{snapshot.UpdatedAt:O}");
        }

        return summary;
    }

    public Task<ReconcileSummary> MarkDeletedAsync(string dartTaskId, string source, string reason, CancellationToken cancellationToken) =>
        inner.MarkDeletedAsync(dartTaskId, source, reason, cancellationToken);

    public Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken) =>
        inner.AddDeliverablesAsync(dartTaskId, urls, source, cancellationToken);
}

/// <summary>A reconciler that always fails, to drive the retry and dead paths.</summary>
public sealed class FailingReconciler : ITaskReconciler
{
    public const string Message = "The tracking database refused the change (test).";

    public Task<ReconcileSummary> ApplyAsync(IReadOnlyList<DartTask> snapshots, string source, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Message);

    public Task<ReconcileSummary> MarkDeletedAsync(string dartTaskId, string source, string reason, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Message);

    public Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken) =>
        throw new InvalidOperationException(Message);
}
