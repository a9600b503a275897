using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Sync;

namespace V7Sync.Deliverables;

/// <summary>
/// The deliverables part of a sync cycle, after its task walk: every report folder read, docs once unmatched that now
/// match applied, and kept comment links whose task is linked now; the full resync also repairs comments.
/// </summary>
internal sealed class DeliverableSync(
    ReportFolderReader folders, ReportDocApplier applier, CommentRepair comments, PendingCommentLinks pending, IOptions<DartOptions> options)
{
    public async Task<DeliverablesReport> RunAsync(SyncMode mode, string source, CancellationToken cancellationToken)
    {
        var report = DeliverablesReport.Empty;
        foreach (var folder in ReportFolder.All(options.Value))
        {
            report = report.Add(await folders.ReadAsync(folder, everyPage: mode == SyncMode.Full, source, cancellationToken));
        }

        var audits = await applier.ApplyNowMatchedAsync(source, cancellationToken);
        if (mode == SyncMode.Full)
        {
            report = report.Add(await comments.RepairAsync(source, cancellationToken));
        }

        audits += await pending.ApplyLinkedAsync(source, cancellationToken);
        return report.Add(new DeliverablesReport(0, 0, 0, audits));
    }
}
