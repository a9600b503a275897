using Npgsql;
using Quartz;

namespace V7Sync.Jobs;

/// <summary>
/// A clean stop leaves the Quartz cluster cleanly: Quartz keeps a stopped instance's row in qrtz_scheduler_state, so
/// every clean restart made the next start report "detected 1 failed or restarted instances", which reads like a
/// crash. Registered before Quartz's hosted service, this stops after it (hosted services stop in reverse) and
/// removes the instance's row, unless it still has fired triggers: those are for the cluster to recover.
/// </summary>
internal sealed class QuartzClusterExit(ISchedulerFactory schedulers, NpgsqlDataSource dataSource, ILogger<QuartzClusterExit> logger) : IHostedService
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    // Held from the start: asked for after its shutdown, the factory would build a new scheduler instead.
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken) => _scheduler = await schedulers.GetScheduler(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not { } scheduler || await scheduler.GetStatus(cancellationToken) != SchedulerStatus.Shutdown)
        {
            return; // still running (its own stop failed): its row must stay for the cluster to see it
        }

        var instanceId = await scheduler.GetSchedulerInstanceId(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var command = dataSource.CreateCommand(
                $"""
                DELETE FROM {QuartzStore.TablePrefix}scheduler_state s
                WHERE s.sched_name = $1 AND s.instance_name = $2
                  AND NOT EXISTS (SELECT 1 FROM {QuartzStore.TablePrefix}fired_triggers f WHERE f.sched_name = $1 AND f.instance_name = $2)
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = QuartzStore.SchedulerName });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = instanceId });
            logger.SchedulerDeregistered(instanceId, await command.ExecuteNonQueryAsync(timeout.Token));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            logger.SchedulerDeregistrationFailed(instanceId, ex.Message);
        }
    }
}
