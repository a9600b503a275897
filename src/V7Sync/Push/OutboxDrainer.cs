using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace V7Sync.Push;

/// <summary>
/// Drains the outbox: Push:Concurrency workers, each claiming Push:BatchSize due rows at a time and pushing them one by
/// one (a row's lease is renewed as its push starts), until no row is due. Used by the hosted processor and by the
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

            for (var i = 0; i < claim.Rows.Count; i++)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    results.Enqueue(await scope.ServiceProvider.GetRequiredService<TaskPusher>().PushAsync(claim.Rows[i], cancellationToken));
                }
                catch (Exception ex)
                {
                    // Shutting down, or the database away (the push could not even record its failure): the rows not
                    // pushed yet go back at once; the one that failed comes back when its lease runs out.
                    var unpushed = claim.Rows.Skip(ex is OperationCanceledException ? i : i + 1).ToList();
                    await ReleaseAsync(unpushed);
                    throw;
                }
            }
        }
    }

    private async Task ReleaseAsync(List<OutboxRow> rows)
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
