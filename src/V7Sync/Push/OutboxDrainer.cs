using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace V7Sync.Push;

/// <summary>
/// Drains the outbox: Push:Concurrency workers, each claiming due rows a batch at a time (<see cref="ClaimSize"/>),
/// pushing them one by one and recording the batch in one transaction (<see cref="BatchPusher"/>), until no row is due.
/// Used by the hosted processor and by the `v7sync sync` and `v7sync push` verbs alike.
/// </summary>
internal sealed class OutboxDrainer(IServiceScopeFactory scopes, DartOutbox outbox, IOptions<PushOptions> options, ILogger<OutboxDrainer> logger)
{
    /// <summary>Pushes every due row; what each did, in outbox order.</summary>
    /// <param name="progress">Told, one call at a time, how many rows have been pushed so far, after each batch.</param>
    public async Task<IReadOnlyList<PushResult>> DrainAsync(CancellationToken cancellationToken, Action<int>? progress = null)
    {
        var due = await outbox.DueCountAsync(cancellationToken);
        if (due == 0)
        {
            return [];
        }

        var batchSize = ClaimSize(due, options.Value);
        var results = new ConcurrentQueue<PushResult>();
        var gate = new Lock();
        void Progressed()
        {
            lock (gate)
            {
                progress?.Invoke(results.Count);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, options.Value.Concurrency).Select(_ => WorkAsync(batchSize, results, Progressed, cancellationToken)));
        if (!results.IsEmpty)
        {
            logger.Drained(results.Count);
        }

        return [.. results.OrderBy(r => r.OutboxId)];
    }

    /// <summary>
    /// A burst that fits one batch goes as one (one title search per phase); a longer backlog is cut into equal batches,
    /// a whole number of them per worker, so no worker is left pushing the last batch alone while the others idle.
    /// </summary>
    internal static int ClaimSize(long due, PushOptions settings)
    {
        if (due <= settings.BatchSize)
        {
            return settings.BatchSize;
        }

        var perRound = (long)settings.Concurrency * settings.BatchSize;
        var rounds = (due + perRound - 1) / perRound;
        return (int)((due + (settings.Concurrency * rounds) - 1) / (settings.Concurrency * rounds));
    }

    private async Task WorkAsync(int batchSize, ConcurrentQueue<PushResult> results, Action progressed, CancellationToken cancellationToken)
    {
        while (true)
        {
            var claim = await outbox.ClaimAsync(batchSize, cancellationToken);
            if (claim.Abandoned.Count > 0)
            {
                logger.RowsAbandoned(claim.Abandoned.Count, string.Join(", ", claim.Abandoned.Select(r => r.Id)));
                await using var recording = scopes.CreateAsyncScope();
                await recording.ServiceProvider.GetRequiredService<PushStore>().AbandonedAsync(claim.Abandoned, cancellationToken);
            }

            if (claim.Rows.Count == 0)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            foreach (var result in await scope.ServiceProvider.GetRequiredService<BatchPusher>().PushAsync(claim.Rows, cancellationToken))
            {
                results.Enqueue(result);
            }

            progressed();
        }
    }
}
