using Quartz;
using V7Sync.Jobs.Integrity;
using V7Sync.Jobs.Integrity.Rules;
using V7Sync.Tracking;

namespace V7Sync.Jobs;

/// <summary>
/// Every 15 minutes by default: every integrity rule but the stale one, findings opened, refreshed and resolved.
/// <see cref="StaleInProgressJob"/> owns stale_in_progress on Jobs:StaleCron, so that cron alone decides when stale
/// tasks are flagged, cleared and commented on. `v7sync check` still runs every rule.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class IntegrityCheckJob(IntegrityRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAsync(runner.All.Where(r => r.Name != StaleInProgressRule.RuleName), AuditSources.Job, cancellationToken);
}
