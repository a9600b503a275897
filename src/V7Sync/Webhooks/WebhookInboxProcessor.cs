using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Hosting;
using V7Sync.Sync;

namespace V7Sync.Webhooks;

/// <summary>
/// Applies the inbox: claims due rows in batches (FOR UPDATE SKIP LOCKED, so replicas share the work), hands them
/// to the reconciler and records each outcome. It drains whenever the endpoint wakes it and polls as a fallback
/// for retries that fall due and rows that other replicas stored or a crashed processor left behind.
/// </summary>
internal sealed class WebhookInboxProcessor(
    IServiceScopeFactory scopes,
    WebhookInbox inbox,
    InboxSignal signal,
    WebhookSignature signature,
    IOptions<WebhooksOptions> options,
    TimeProvider time,
    ILogger<WebhookInboxProcessor> logger) : BackgroundService
{
    // Shutting down, how long the processor may take to hand its claimed rows back.
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    // Outcomes applied but not yet recorded because the database went away: recorded first once it is back, so a
    // blip does not leave the rows waiting for their lease to run out (they would only be applied again).
    private readonly ConcurrentQueue<IReadOnlyList<EventOutcome>> _unrecorded = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Said at start-up, where an operator looks, rather than at the first delivery.
        if (signature.IsUnsigned)
        {
            logger.UnsignedAccepted();
        }

        return Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more rows may be waiting: keep going until the inbox is drained.
                while (await ProcessBatchAsync(stoppingToken) == settings.BatchSize)
                {
                }

                await signal.WaitAsync(settings.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be down: the rows stay in the inbox and nothing is lost; try again later.
                logger.ProcessorFailed(ex, settings.PollInterval);
                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>Claims, applies and records one batch; returns how many rows it claimed (those it moved to dead included).</summary>
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        while (_unrecorded.TryDequeue(out var earlier))
        {
            await RecordOrKeepAsync(earlier, cancellationToken);
        }

        var claim = await inbox.ClaimAsync(options.Value.BatchSize, cancellationToken);
        if (claim.Abandoned.Count > 0)
        {
            WebhookMetrics.Dead.Add(claim.Abandoned.Count);
            logger.RowsAbandoned(claim.Abandoned.Count, string.Join(", ", claim.Abandoned), options.Value.MaxAttempts);
        }

        var rows = claim.Rows;
        if (rows.Count == 0)
        {
            return claim.Count;
        }

        if (claim.Count == options.Value.BatchSize)
        {
            // A backlog: wake an idle worker to claim the next batch while this one is applied.
            signal.Wake();
        }

        using var activity = V7SyncTelemetry.ActivitySource.StartActivity("webhooks.process_batch");
        activity?.SetTag("v7sync.webhooks.batch_size", rows.Count);
        await using var scope = scopes.CreateAsyncScope();
        var applier = new InboxBatchApplier(scope.ServiceProvider.GetRequiredService<ITaskReconciler>(), scope.ServiceProvider.GetRequiredService<Deliverables.IDeliverableEvents>());
        var outcomes = new List<EventOutcome>(rows.Count);
        try
        {
            await applier.ApplyAsync(rows, outcomes, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await HandBackAsync(rows, outcomes);
            throw;
        }

        // Record even when shutting down: the work is done, and an unrecorded row would only be applied again.
        await RecordOrKeepAsync(outcomes, CancellationToken.None);
        activity?.SetTag("v7sync.webhooks.failed", outcomes.Count(o => o.Failed));
        return claim.Count;
    }

    /// <summary>
    /// Shutting down mid-batch: records what was done and releases the rest at once, rather than leaving it to
    /// wait for the lease (and lose an attempt). Bounded, so a database that is away cannot hold up the shutdown;
    /// if it fails the lease still brings the rows back.
    /// </summary>
    private async Task HandBackAsync(IReadOnlyList<ClaimedEvent> rows, IReadOnlyList<EventOutcome> outcomes)
    {
        using var timeout = new CancellationTokenSource(ReleaseTimeout, time);
        try
        {
            await RecordAsync(outcomes, timeout.Token);
            var done = outcomes.Select(o => o.Event.Id).ToHashSet();
            var released = rows.Where(r => !done.Contains(r.Id)).ToList();
            await inbox.ReleaseAsync(released, timeout.Token);
            logger.RowsReleased(released.Count);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            logger.ReleaseFailed(ex, rows.Count);
        }
    }

    private async Task RecordOrKeepAsync(IReadOnlyList<EventOutcome> outcomes, CancellationToken cancellationToken)
    {
        try
        {
            await RecordAsync(outcomes, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            _unrecorded.Enqueue(outcomes);
            throw;
        }
    }

    private async Task RecordAsync(IReadOnlyList<EventOutcome> outcomes, CancellationToken cancellationToken)
    {
        var dead = await inbox.FinishAsync(outcomes, cancellationToken);
        var failed = 0;
        foreach (var outcome in outcomes.Where(o => o.Failed))
        {
            failed++;
            logger.RowFailed(outcome.Event.Id, outcome.Event.EventType, outcome.Event.Attempts, outcome.Note);
        }

        WebhookMetrics.Processed.Add(outcomes.Count - failed);
        WebhookMetrics.Retried.Add(failed - dead);
        WebhookMetrics.Dead.Add(dead);
        logger.BatchProcessed(outcomes.Count, failed, dead);
    }
}
