using Microsoft.Extensions.Options;

namespace V7Sync.Push;

/// <summary>
/// Pushes the conductor's writes to DART, in every replica: drains the outbox whenever a commit notifies it
/// (<see cref="OutboxListener"/>) and polls as a fallback for retries that fall due. Replicas share the rows through
/// the claim (FOR UPDATE SKIP LOCKED); a failure is logged and tried again, and never stops the host.
/// </summary>
internal sealed class OutboxProcessor(
    OutboxDrainer drainer, OutboxListener listener, OutboxSignal signal, IOptions<PushOptions> options, TimeProvider time,
    ILogger<OutboxProcessor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.PushDisabled();
            return;
        }

        // Ends by itself when the host stops.
        _ = listener.ListenAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await drainer.DrainAsync(stoppingToken);
                await signal.WaitAsync(settings.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be down: the rows stay in the outbox and nothing is lost; try again later.
                logger.ProcessorFailed(ex, settings.PollInterval);
                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
        }
    }
}
