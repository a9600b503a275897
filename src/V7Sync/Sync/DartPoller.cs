using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Hosting;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// Polls DART every Dart:PollInterval (first at start-up). A failed cycle is retried on the next tick; cycles that
/// fail for DART or the database are one episode (a line when the first fails, one when a cycle succeeds again);
/// a rejected token marks readiness degraded until a cycle succeeds. The poller itself never stops on a fault.
/// </summary>
internal sealed class DartPoller(IServiceScopeFactory scopes, IOptions<DartOptions> options, TimeProvider time, ILogger<DartPoller> logger)
    : BackgroundService
{
    private readonly FaultEpisode _failing = new(logger, time, "Poller",
        $"sync cycles fail and run again every {options.Value.PollInterval:c}", "a sync cycle succeeds again", "cycle(s) failed");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        if (!options.Value.PollEnabled)
        {
            logger.PollingDisabled();
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                await PollOnceAsync(interval, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// One cycle. Every fault but shutdown is caught here: an exception escaping ExecuteAsync would fault the
    /// BackgroundService, and by default that stops the whole host, webhooks included. DartSync has already
    /// recorded the failure in dart_sync_state; this logs it, once.
    /// </summary>
    private async Task PollOnceAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Incremental, AuditSources.Poll, stoppingToken);
            _failing.Recovered();
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            if (DartFailure.IsTokenRejected(ex, out var statusCode))
            {
                logger.TokenRejected(statusCode, interval);
            }
            else if (DartFailure.IsDartFailure(ex) || ex is Npgsql.NpgsqlException)
            {
                _failing.Fault(DartFailure.Describe(ex));
            }
            else
            {
                // Not an outage but a bug or a surprise: the stack trace is what finds it.
                logger.SyncFailedUnexpectedly(ex, interval, DartFailure.Describe(ex));
            }
        }
    }
}
