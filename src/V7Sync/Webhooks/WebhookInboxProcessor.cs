using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Hosting;
using V7Sync.Sync;

namespace V7Sync.Webhooks;

/// <summary>
/// Applies the inbox: claims due rows in batches (FOR UPDATE SKIP LOCKED, so replicas share the work), hands them
/// to the reconciler and records each outcome. It drains whenever the endpoint wakes it (once Webhooks:BatchWindow has
/// let the rest of a burst arrive) and polls as a fallback for retries that fall due and rows that other replicas
/// stored or a crashed processor left behind. After a failure it tries again within a quarter of a second, so it
/// moves again at once when the database is back (an outage is one episode in the log); <see cref="InboxClaims"/>
/// keeps its claims short and recovers those whose answer was lost.
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

    // After a failure the processor tries again soon (the endpoint's wake cuts the wait shorter still): a refused
    // connection costs nothing, and the inbox must move within a second of the database being back.
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RetryCap = TimeSpan.FromMilliseconds(250);

    // Claims applied whose outcomes could not be recorded because the database went away: applied again first once
    // it is back, so a blip does not leave the rows waiting for their lease to run out. Again, not just recorded: the
    // apply committed without waiting for its flush (ReplayableCommit), and a crash may have lost it; the version
    // guard makes a second apply of what did survive a superseded no-op.
    private readonly ConcurrentQueue<InboxClaim> _unrecorded = new();

    private readonly InboxClaims _claims = new(inbox, options, time);

    private readonly FaultEpisode _outage = new(logger, time, "Inbox processor",
        "the tracking database is unavailable, inbox rows wait", "the tracking database answers again", "attempt(s) retried");

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
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A full batch means more rows may be waiting: keep going until the inbox is drained.
                while (await ProcessBatchAsync(stoppingToken) == settings.BatchSize)
                {
                }

                _outage.Recovered();
                retry = FirstRetry;
                if (await signal.WaitAsync(settings.PollInterval, time, stoppingToken) && settings.BatchWindow > TimeSpan.Zero)
                {
                    // A wake is one delivery stored; the rest of its burst is claimed with it (Webhooks:BatchWindow).
                    await Task.Delay(settings.BatchWindow, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The rows stay in the inbox and nothing is lost. An outage is an episode (two lines, however long);
                // anything else is a surprise, logged with its stack trace.
                var wait = retry < settings.PollInterval ? retry : settings.PollInterval;
                if (TransientFailure.Is(ex))
                {
                    _outage.Fault(ex.Message);
                }
                else
                {
                    logger.ProcessorFailed(ex, wait);
                }

                await signal.WaitAsync(wait, time, stoppingToken);
                retry = retry * 2 < RetryCap ? retry * 2 : RetryCap;
            }
        }
    }

    /// <summary>Claims, applies and records one batch; returns how many rows it claimed (those it moved to dead included).</summary>
    public async Task<int> ProcessBatchAsync(CancellationToken cancellationToken)
    {
        while (_unrecorded.TryDequeue(out var earlier))
        {
            await ApplyAsync(earlier, cancellationToken);
        }

        while (await _claims.NextUnansweredAsync(cancellationToken) is { } reclaimed)
        {
            logger.RowsReclaimed(reclaimed.Rows.Count);
            await ApplyAsync(reclaimed, cancellationToken);
        }

        var claim = await _claims.ClaimAsync(cancellationToken);
        if (claim.Abandoned.Count > 0)
        {
            WebhookMetrics.Dead.Add(claim.Abandoned.Count);
            logger.RowsAbandoned(claim.Abandoned.Count, string.Join(", ", claim.Abandoned), options.Value.MaxAttempts);
        }

        if (claim.Rows.Count > 0 && claim.Count == options.Value.BatchSize)
        {
            // A backlog: wake an idle worker to claim the next batch while this one is applied.
            signal.Wake();
        }

        await ApplyAsync(claim, cancellationToken);
        return claim.Count;
    }

    /// <summary>Applies a claim's rows and records their outcomes, renewing the claim's lease meanwhile.</summary>
    private async Task ApplyAsync(InboxClaim claim, CancellationToken cancellationToken)
    {
        var rows = claim.Rows;
        if (rows.Count == 0)
        {
            return;
        }

        using var activity = V7SyncTelemetry.ActivitySource.StartActivity("webhooks.process_batch");
        activity?.SetTag("v7sync.webhooks.batch_size", rows.Count);
        await using var scope = scopes.CreateAsyncScope();
        var applier = new InboxBatchApplier(scope.ServiceProvider.GetRequiredService<ITaskReconciler>(), scope.ServiceProvider.GetRequiredService<Deliverables.IDeliverableEvents>());
        var outcomes = new List<EventOutcome>(rows.Count);
        using (var applying = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var renewing = _claims.RenewWhileAsync(claim.Token, applying.Token);
            try
            {
                await applier.ApplyAsync(rows, outcomes, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await HandBackAsync(rows, outcomes);
                throw;
            }
            finally
            {
                await applying.CancelAsync();
                await renewing;
            }
        }

        // Record even when shutting down: the work is done, and an unrecorded row would only be applied again.
        await RecordOrKeepAsync(claim, outcomes, CancellationToken.None);
        activity?.SetTag("v7sync.webhooks.failed", outcomes.Count(o => o.Failed));
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

    private async Task RecordOrKeepAsync(InboxClaim claim, IReadOnlyList<EventOutcome> outcomes, CancellationToken cancellationToken)
    {
        try
        {
            await RecordAsync(outcomes, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            _unrecorded.Enqueue(claim);
            throw;
        }
    }

    private async Task RecordAsync(IReadOnlyList<EventOutcome> outcomes, CancellationToken cancellationToken)
    {
        var dead = await inbox.FinishAsync(outcomes, cancellationToken);
        var failed = 0;
        var now = time.GetUtcNow();
        foreach (var outcome in outcomes)
        {
            if (!outcome.Failed)
            {
                WebhookMetrics.RecordApplyLag(outcome.Event.ReceivedAt, now);
                continue;
            }

            failed++;
            if (outcome.Outage)
            {
                _outage.Fault(outcome.Note ?? "the tracking database is unavailable");
            }
            else
            {
                logger.RowFailed(outcome.Event.Id, outcome.Event.EventType, outcome.Event.Attempts, outcome.Note);
            }
        }

        WebhookMetrics.Processed.Add(outcomes.Count - failed);
        WebhookMetrics.Retried.Add(failed - dead);
        WebhookMetrics.Dead.Add(dead);
        logger.BatchProcessed(outcomes.Count, failed, dead);
    }
}
