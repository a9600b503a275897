using System.Collections.Concurrent;

namespace V7Sync.Webhooks;

/// <summary>
/// Group commit for inbox inserts: deliveries that arrive while a write is in flight are queued and stored
/// together by the next write, in one statement and one commit. Each caller still gets its answer only once its
/// row is committed, so "durable before acknowledged" holds; under load, many deliveries share one round trip
/// instead of each paying for its own. Alone, a delivery is written at once.
/// </summary>
internal sealed class InboxGroupCommit(Func<IReadOnlyList<InboxEntry>, Task<bool[]>> writeAsync)
{
    // Enough to take every request in flight at once; more would only lengthen one write's wait.
    private const int MaxBatch = 128;

    private readonly ConcurrentQueue<Queued> _queue = new();
    private int _writing;

    /// <summary>True when the entry was stored; false when an equal delivery already was. A failed write throws.</summary>
    public Task<bool> AddAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        var queued = new Queued(entry);
        _queue.Enqueue(queued);
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0)
        {
            // One writer at a time, on the pool: no caller's request is held to write everyone else's.
            _ = Task.Run(WriteQueuedAsync, CancellationToken.None);
        }

        // The write itself is not cancelled with one caller: the others in its batch still want it.
        return queued.Stored.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteQueuedAsync()
    {
        while (true)
        {
            var batch = new List<Queued>();
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var queued))
            {
                batch.Add(queued);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref _writing, 0);
                // A delivery queued after the queue looked empty, but before the flag dropped, would wait for ever.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            try
            {
                var stored = await writeAsync([.. batch.Select(q => q.Entry)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Stored.TrySetResult(stored[i]);
                }
            }
#pragma warning disable CA1031 // Every failure belongs to the callers waiting on this write; each gets it as its own.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var queued in batch)
                {
                    queued.Stored.TrySetException(ex);
                }
            }
        }
    }

    private sealed record Queued(InboxEntry Entry)
    {
        public TaskCompletionSource<bool> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
