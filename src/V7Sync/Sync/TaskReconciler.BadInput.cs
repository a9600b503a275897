using Microsoft.EntityFrameworkCore;
using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// What the reconciler does with what DART sent that it cannot take as it is: tasks that did not read and snapshots
/// the tracking database refused (set aside as dart_task_unreadable, never failing their page or batch), links the
/// reader dropped (deliverable_rejected, once per task and URL) and versions stamped in the future (dart_clock_skew).
/// </summary>
internal sealed partial class TaskReconciler
{
    /// <summary>
    /// As <see cref="ApplyAsync(IReadOnlyList{TaskSnapshot}, string, CancellationToken)"/>, but a batch the tracking database
    /// refuses (a constraint, a value it cannot store; not an outage) is applied again one snapshot at a time, and
    /// each snapshot it still refuses is set aside as dart_task_unreadable naming the error: the rest is applied.
    /// </summary>
    public async Task<ReconcileSummary> ApplyOrSetAsideAsync(IReadOnlyList<TaskSnapshot> snapshots, string source, CancellationToken cancellationToken)
    {
        try
        {
            return await ApplyAsync(snapshots, source, cancellationToken);
        }
        catch (Exception ex) when (DatabaseRefusal.Is(ex))
        {
            var summary = ReconcileSummary.Empty;
            var refused = new List<UnreadableTask>();
            if (snapshots.Count == 1)
            {
                refused.Add(UnreadableTask.Refused(snapshots[0].Task, ex));
            }
            else
            {
                foreach (var snapshot in snapshots)
                {
                    try
                    {
                        summary = summary.Add(await ApplyAsync([snapshot], source, cancellationToken));
                    }
                    catch (Exception one) when (DatabaseRefusal.Is(one))
                    {
                        refused.Add(UnreadableTask.Refused(snapshot.Task, one));
                    }
                }
            }

            return summary.Add(await SetAsideAsync(refused, source, cancellationToken));
        }
    }

    /// <summary>
    /// Opens dart_task_unreadable once per subject, audited as integrity_violation with the reason. Nothing else
    /// changes: the task is left as it was until it reads fine again.
    /// </summary>
    public async Task<ReconcileSummary> SetAsideAsync(IReadOnlyList<UnreadableTask> tasks, string source, CancellationToken cancellationToken)
    {
        if (tasks.Count == 0)
        {
            return ReconcileSummary.Empty;
        }

        var opened = 0;
        await using (var work = await TrackingTransaction.BeginReplayableAsync(db, cancellationToken))
        {
            var open = await work.Findings.ReadOpenAsync(tasks.Select(t => t.Subject).Distinct().ToArray(), cancellationToken);
            var openPrints = await work.Findings.ReadOpenFingerprintsAsync(FindingRules.DartTaskUnreadable,
                tasks.Select(t => t.Fingerprint).OfType<string>().Distinct().ToArray(), cancellationToken);
            var ids = tasks.Select(t => t.DartTaskId).OfType<string>().Distinct().ToArray();
            var linked = (await db.Tasks.AsNoTracking().Where(t => t.DartTaskId != null && ids.Contains(t.DartTaskId))
                    .Select(t => new { t.Id, t.DartTaskId }).ToListAsync(cancellationToken))
                .GroupBy(t => t.DartTaskId!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Min(t => t.Id), StringComparer.Ordinal);
            var now = time.GetUtcNow();
            // Once per subject, and once per item without an id however its position shifts between cycles.
            foreach (var task in tasks.Where(t => (t.Fingerprint is not { } print || openPrints.Add(print))
                && open.Add((FindingRules.DartTaskUnreadable, t.Subject))))
            {
                int? taskId = task.DartTaskId is { } id && linked.TryGetValue(id, out var row) ? row : null;
                var what = task.DartTaskId is { } dartId ? $"DART task {dartId}" : $"The DART task at {task.Subject}";
                await work.Findings.RaiseAsync(FindingRules.DartTaskUnreadable, task.Subject, taskId, task.DartTaskId,
                    $"{what} was set aside: {task.Reason}. The rest was applied; it is applied once it reads.", task.Reason, source, now,
                    cancellationToken, task.Fingerprint);
                logger.TaskSetAside(task.Subject, task.Reason);
                opened++;
            }

            await work.CommitAsync(cancellationToken);
        }

        return new ReconcileSummary(0, 0, opened, 0, 0, tasks.Count);
    }

    /// <summary>
    /// After a complete full walk: resolves the dart_task_unreadable findings it did not meet again (opened before it
    /// started, subject neither seen nor set aside again): page@ and webhook@ subjects, whose positions mean nothing
    /// in a later walk, and tasks DART no longer lists.
    /// </summary>
    public async Task<ReconcileSummary> ResolveUnreadableNotMetAsync(IReadOnlyCollection<string> met, IReadOnlyCollection<string> metFingerprints,
        DateTimeOffset walkStartedAt, string source, CancellationToken cancellationToken)
    {
        int resolved;
        await using (var work = await TrackingTransaction.BeginReplayableAsync(db, cancellationToken))
        {
            resolved = await work.Findings.ResolveAllButAsync(FindingRules.DartTaskUnreadable, [.. met], [.. metFingerprints], walkStartedAt, source,
                time.GetUtcNow(), cancellationToken);
            await work.CommitAsync(cancellationToken);
        }

        return new ReconcileSummary(0, 0, resolved, 0, 0);
    }

    /// <summary>Links the reader dropped, each audited once per DART task and URL (earlier batches and cycles included).</summary>
    private static int AuditRejectedUrls(DartTask task, int? taskId, Batch batch)
    {
        var audits = 0;
        foreach (var rejected in task.RejectedUrls.Where(r => batch.RejectedBefore.Add((task.Id, r.Url))))
        {
            batch.Work.Writes.Audit(batch.Source, AuditActions.DeliverableRejected, taskId, task.Id, rejected.Field, null, rejected.Url, batch.Now,
                new { reason = rejected.Reason });
            audits++;
        }

        return audits;
    }

    /// <summary>dart_clock_skew opens when DART's own record, applied, is stamped in the future, and resolves once one is not.</summary>
    private static async Task<int> ClockSkewAsync(TaskDecision decision, DartTask task, int taskId, Batch batch, CancellationToken cancellationToken)
    {
        var open = batch.OpenFindings.Contains((FindingRules.DartClockSkew, task.Id));
        if (decision.FutureVersion && !open)
        {
            batch.OpenFindings.Add((FindingRules.DartClockSkew, task.Id));
            var reason = $"DART's own record is stamped {DartTimestamp.Format(task.UpdatedAt)}, later than now + Dart:MaxClockSkew";
            await batch.Work.Findings.RaiseAsync(FindingRules.DartClockSkew, task.Id, taskId, task.Id,
                $"DART task {task.Id}: {reason}; applied as DART holds it, so later changes are ordered after that stamp.", reason,
                batch.Source, batch.Now, cancellationToken);
            return 1;
        }

        if (!decision.FutureVersion && open)
        {
            batch.OpenFindings.Remove((FindingRules.DartClockSkew, task.Id));
            return await batch.Work.Findings.ResolveAsync(FindingRules.DartClockSkew, task.Id, batch.Source, batch.Now, cancellationToken);
        }

        return 0;
    }

    /// <summary>The (DART id, URL) pairs already audited deliverable_rejected, for the snapshots that bring rejections.</summary>
    private async Task<HashSet<(string, string)>> RejectedBeforeAsync(List<DartTask> tasks, CancellationToken cancellationToken)
    {
        var ids = tasks.Where(t => t.RejectedUrls.Count > 0).Select(t => t.Id).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        var audited = await db.Audit.AsNoTracking()
            .Where(a => a.Action == AuditActions.DeliverableRejected && a.DartTaskId != null && ids.Contains(a.DartTaskId) && a.NewValue != null)
            .Select(a => new { a.DartTaskId, a.NewValue })
            .ToListAsync(cancellationToken);
        return audited.Select(a => (a.DartTaskId!, a.NewValue!)).ToHashSet();
    }
}
