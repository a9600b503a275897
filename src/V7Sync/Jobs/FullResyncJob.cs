using Quartz;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Jobs;

/// <summary>Daily at 02:00 by default: the full resync (every DART task plus the trash) that repairs what polling and
/// webhooks missed. The sync itself belongs to Sync/; this job only schedules it.</summary>
[DisallowConcurrentExecution]
internal sealed class FullResyncJob(IDartSync sync, ILogger<FullResyncJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var report = await sync.RunAsync(SyncMode.Full, AuditSources.Resync, cancellationToken);
        logger.FullResyncFinished(report.TasksSeen, report.Reconciled.TasksChanged, report.Deleted);
    }
}
