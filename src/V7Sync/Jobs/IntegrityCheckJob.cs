using Quartz;
using V7Sync.Jobs.Integrity;
using V7Sync.Tracking;

namespace V7Sync.Jobs;

/// <summary>Every 15 minutes by default: every integrity rule, findings opened, refreshed and resolved.</summary>
[DisallowConcurrentExecution]
internal sealed class IntegrityCheckJob(IntegrityRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAllAsync(AuditSources.Job, cancellationToken);
}
