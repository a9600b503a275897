using Quartz;
using V7Sync.Jobs.Integrity;
using V7Sync.Tracking;

namespace V7Sync.Jobs;

/// <summary>
/// Every 15 minutes by default: every integrity rule (stale in-progress among them, as the guide's §8.3 check),
/// findings opened, refreshed and resolved. <see cref="StaleInProgressJob"/> runs the stale rule on its own cron
/// too, and comments on DART; one finding per stale episode means whichever runs first flags it, once.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class IntegrityCheckJob(IntegrityRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAllAsync(AuditSources.Job, cancellationToken);
}
