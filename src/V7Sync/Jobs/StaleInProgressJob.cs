using Quartz;
using V7Sync.Jobs.Integrity;
using V7Sync.Tracking;

namespace V7Sync.Jobs;

/// <summary>Hourly by default: flags in-progress tasks older than Jobs:StaleAfter and clears them when they move on.</summary>
[DisallowConcurrentExecution]
internal sealed class StaleInProgressJob(IntegrityRunner runner, StaleTaskCommenter commenter) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await runner.RunAsync([runner.Rule(FindingRules.StaleInProgress)], AuditSources.Job, cancellationToken);
        await commenter.CommentOnNewlyStaleAsync(cancellationToken);
    }
}
