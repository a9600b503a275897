using Microsoft.Extensions.Options;
using Npgsql;

namespace V7Sync.Push;

/// <summary>
/// LISTENs on the channel the outbox triggers notify when a commit captured a conductor's write (pg_notify is
/// delivered on commit, to every replica), and wakes the processor. If the connection drops it reconnects; meanwhile
/// the processor's fallback poll (Push:PollInterval) keeps the outbox moving.
/// </summary>
internal sealed class OutboxListener(NpgsqlDataSource dataSource, OutboxSignal signal, IOptions<PushOptions> options, TimeProvider time,
    ILogger<OutboxListener> logger)
{
    public const string Channel = "dart_outbox";

    public async Task ListenAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => signal.Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever was committed while nobody listened is drained now.
                signal.Wake();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.ListenFailed(interval, ex.Message);
                await Task.Delay(interval, time, stoppingToken);
            }
        }
    }
}
