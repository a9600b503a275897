using V7Sync.Dart;
using V7Sync.Deliverables;
using V7Sync.Sync;

namespace V7Sync.UnitTests.Webhooks;

/// <summary>The doubles the applier is tested over: they record what they are handed and fail when told to.</summary>
public sealed partial class InboxBatchApplierTests
{
    private sealed class RecordingReconciler : ITaskReconciler
    {
        public List<List<DartTask>> Applied { get; } = [];

        public List<string> Deleted { get; } = [];

        public List<(string TaskId, IReadOnlyCollection<string> Urls)> Deliverables { get; } = [];

        public List<string> Sources { get; } = [];

        public List<UnreadableTask> SetAside { get; } = [];

        public string? FailFor { get; set; }

        /// <summary>What a call with <see cref="FailFor"/>'s snapshot throws.</summary>
        public Exception FailForWith { get; set; } = new InvalidOperationException("The reconciler refused the snapshot.");

        /// <summary>No work order is linked to the DART task of a comment's links.</summary>
        public bool Unlinked { get; set; }

        /// <summary>Thrown by every call when set.</summary>
        public Exception? FailWith { get; set; }

        /// <summary>Every call, failed ones included.</summary>
        public int Attempts { get; private set; }

        public int Calls => Applied.Count + Deleted.Count + Deliverables.Count;

        public Task<ReconcileSummary> ApplyAsync(IReadOnlyList<DartTask> snapshots, string source, CancellationToken cancellationToken)
        {
            ThrowIfFailing();
            if (snapshots.Any(s => s.Id == FailFor))
            {
                throw FailForWith;
            }

            Applied.Add([.. snapshots]);
            Sources.Add(source);
            return System.Threading.Tasks.Task.FromResult(ReconcileSummary.Empty);
        }

        public Task<ReconcileSummary> MarkDeletedAsync(string dartTaskId, string source, string reason, CancellationToken cancellationToken)
        {
            ThrowIfFailing();
            Deleted.Add(dartTaskId);
            Sources.Add(source);
            return System.Threading.Tasks.Task.FromResult(ReconcileSummary.Empty);
        }

        public Task<ReconcileSummary> AddDeliverablesAsync(string dartTaskId, IReadOnlyCollection<string> urls, string source, CancellationToken cancellationToken)
        {
            ThrowIfFailing();
            Deliverables.Add((dartTaskId, urls));
            Sources.Add(source);
            return System.Threading.Tasks.Task.FromResult(Unlinked ? new ReconcileSummary(1, 0, 0, 0, 1) : ReconcileSummary.Empty);
        }

        public Task<ReconcileSummary> SetAsideAsync(IReadOnlyList<UnreadableTask> tasks, string source, CancellationToken cancellationToken)
        {
            ThrowIfFailing();
            SetAside.AddRange(tasks);
            return System.Threading.Tasks.Task.FromResult(ReconcileSummary.Empty);
        }

        private void ThrowIfFailing()
        {
            Attempts++;
            if (FailWith is { } error)
            {
                throw error;
            }
        }
    }

    private sealed class RecordingDeliverables : IDeliverableEvents
    {
        public List<(string Type, DartDocRead Read)> Docs { get; } = [];

        public List<(DartComment Comment, IReadOnlyCollection<string> Links)> Kept { get; } = [];

        public int KeptApplied { get; private set; }

        public Task ApplyDocAsync(string eventType, DartDocRead doc, CancellationToken cancellationToken)
        {
            Docs.Add((eventType, doc));
            return System.Threading.Tasks.Task.CompletedTask;
        }

        public Task KeepCommentLinksAsync(DartComment comment, IReadOnlyCollection<string> links, CancellationToken cancellationToken)
        {
            Kept.Add((comment, links));
            return System.Threading.Tasks.Task.CompletedTask;
        }

        public Task ApplyKeptCommentLinksAsync(CancellationToken cancellationToken)
        {
            KeptApplied++;
            return System.Threading.Tasks.Task.CompletedTask;
        }
    }
}
