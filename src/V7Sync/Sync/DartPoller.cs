using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// Polls DART every Dart:PollInterval (first at start-up). A failed cycle is logged and retried on the next tick;
/// a rejected token marks readiness degraded until a cycle succeeds. The poller itself never stops on a fault.
/// </summary>
internal sealed class DartPoller(IServiceScopeFactory scopes, IOptions<DartOptions> options, TimeProvider time, ILogger<DartPoller> logger)
    : BackgroundService
{
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

    private async Task PollOnceAsync(TimeSpan interval, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Incremental, AuditSources.Poll, stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && (DartFailure.IsDartFailure(ex) || ex is Npgsql.NpgsqlException))
        {
            if (DartFailure.IsTokenRejected(ex, out var statusCode))
            {
                logger.TokenRejected(statusCode, interval);
            }
            else
            {
                logger.SyncFailed(interval, DartFailure.Describe(ex));
            }
        }
    }
}
