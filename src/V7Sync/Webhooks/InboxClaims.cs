using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace V7Sync.Webhooks;

/// <summary>
/// The processor's claims, kept short and never lost: each claim carries a token; one whose answer was lost with its
/// connection (the statement committed, the reply never came) is asked for again by that token once the database
/// answers, instead of waiting out its lease; and a claim's lease is renewed while its batch runs.
/// </summary>
internal sealed class InboxClaims(WebhookInbox inbox, IOptions<WebhooksOptions> options, TimeProvider time)
{
    // Claims whose statement may have committed while their reply was lost.
    private readonly ConcurrentQueue<Guid> _unanswered = new();

    /// <summary>A new claim of up to Webhooks:BatchSize due rows.</summary>
    public async Task<InboxClaim> ClaimAsync(CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        try
        {
            return await inbox.ClaimAsync(options.Value.BatchSize, token, cancellationToken);
        }
        catch (Exception ex) when (TransientFailure.Is(ex))
        {
            // The claim may have committed with its answer lost on the way: ask for its rows by token once back.
            _unanswered.Enqueue(token);
            throw;
        }
    }

    /// <summary>The rows of an earlier claim whose answer was lost, once the database answers; null when none is left to ask for.</summary>
    public async Task<InboxClaim?> NextUnansweredAsync(CancellationToken cancellationToken)
    {
        while (_unanswered.TryPeek(out var token))
        {
            var reclaimed = await inbox.ReclaimAsync(token, cancellationToken);
            _unanswered.TryDequeue(out _);
            if (reclaimed.Rows.Count > 0)
            {
                return reclaimed;
            }
        }

        return null;
    }

    /// <summary>
    /// Renews the lease every third of it until <paramref name="applying"/> ends, so Webhooks:ClaimLease only has to
    /// outlast a processor that died, not the longest batch. A renewal that fails is left to the next (or to the lease).
    /// </summary>
    public async Task RenewWhileAsync(Guid token, CancellationToken applying)
    {
        var every = options.Value.ClaimLease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, time, applying);
                try
                {
                    await inbox.RenewAsync(token, applying);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    // The database is away: the batch meets that itself; the lease still brings the rows back.
                }
            }
        }
        catch (OperationCanceledException) when (applying.IsCancellationRequested)
        {
            // The batch is done.
        }
    }
}
