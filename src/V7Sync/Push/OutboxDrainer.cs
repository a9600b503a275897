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

    // The fewest rows a claim is cut to when a burst is spread over the workers: its title searches (one per phase,
    // at most seven) stay under a third of its requests.
    private const int MinSpreadClaim = 25;

    /// <summary>
    /// How many rows each claim of this drain takes. A small burst goes as one claim (one title search per phase); a
    /// larger one is spread over the workers in claims of at least <see cref="MinSpreadClaim"/>, so its requests run
    /// side by side instead of one after another; a backlog of more than one round is cut into equal claims, a whole
    /// number per worker, so no worker is left pushing the last claim alone while the others idle.
    /// </summary>
    internal static int ClaimSize(long due, PushOptions settings)
    {
        var claims = (due + settings.BatchSize - 1) / settings.BatchSize;
        claims = claims < settings.Concurrency
            ? Math.Clamp(due / MinSpreadClaim, claims, settings.Concurrency)
            : (claims + settings.Concurrency - 1) / settings.Concurrency * settings.Concurrency;
        return claims <= 1 ? settings.BatchSize : (int)((due + claims - 1) / claims);
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
