using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace V7Sync.Push;

/// <summary>
/// Drains the outbox: Push:Concurrency workers, each claiming Push:BatchSize due rows at a time, pushing them one by one
/// and recording the batch in one transaction (<see cref="BatchPusher"/>), until no row is due. Used by the hosted processor and by the
/// `v7sync sync` and `v7sync push` verbs alike.
/// </summary>
internal sealed class OutboxDrainer(
    IServiceScopeFactory scopes, DartOutbox outbox, IOptions<PushOptions> options, TimeProvider time, ILogger<OutboxDrainer> logger)
{
    /// <summary>Pushes every due row; what each did, in outbox order.</summary>
    public async Task<IReadOnlyList<PushResult>> DrainAsync(CancellationToken cancellationToken)
    {
        var results = new ConcurrentQueue<PushResult>();
        await Task.WhenAll(Enumerable.Range(0, options.Value.Concurrency).Select(_ => WorkAsync(results, cancellationToken)));
        if (!results.IsEmpty)
        {
            logger.Drained(results.Count);
        }

        return [.. results.OrderBy(r => r.OutboxId)];
    }

    private async Task WorkAsync(ConcurrentQueue<PushResult> results, CancellationToken cancellationToken)
    {
        while (true)
        {
            var claim = await outbox.ClaimAsync(options.Value.BatchSize, cancellationToken);
            if (claim.Abandoned.Count > 0)
            {
                logger.RowsAbandoned(claim.Abandoned.Count, string.Join(", ", claim.Abandoned.Select(r => r.Id)));
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PushStore>().AbandonedAsync(claim.Abandoned, cancellationToken);
            }

            if (claim.Rows.Count == 0)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                foreach (var result in await scope.ServiceProvider.GetRequiredService<BatchPusher>().PushAsync(claim.Rows, cancellationToken))
                {
                    results.Enqueue(result);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down, what DART did recorded: the rest go back at once, their attempt taken back. (On any other
                // failure, the database away, they come back when their lease runs out, the attempt counted; a push that
                // reached DART unrecorded is found there by its key then.)
                await ReleaseAsync(claim.Rows);
                throw;
            }
        }
    }

    private async Task ReleaseAsync(IReadOnlyList<OutboxRow> rows)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
        try
        {
            await outbox.ReleaseAsync(rows, timeout.Token);
            logger.RowsReleased(rows.Count);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // Their lease brings them back.
        }
    }
}
