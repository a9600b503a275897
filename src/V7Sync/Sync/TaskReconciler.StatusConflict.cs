using System.Globalization;
using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>The conductor's decisions stand: a move in DART against one is reported as status_conflict, never applied.</summary>
internal sealed partial class TaskReconciler
{
    /// <summary>
    /// status_conflict opens when DART moved a work order the conductor cancelled or deferred (the row kept the
    /// conductor's status), with both states in its detail; it resolves when DART's status maps back to the row's.
    /// The push processor resolves it too, once it has sent a new status the conductor wrote.
    /// </summary>
    private static async Task<int> StatusConflictAsync(TaskDecision decision, DartTask task, TrackedTask row, Batch batch,
        CancellationToken cancellationToken)
    {
        var subject = row.Id.ToString(CultureInfo.InvariantCulture);
        var open = batch.OpenFindings.Contains((FindingRules.StatusConflict, subject));
        if (decision.Conflict is { } conflict && !open)
        {
            batch.OpenFindings.Add((FindingRules.StatusConflict, subject));
            var reason = $"DART task {task.Id} was moved to '{conflict.DartStatus}' ({conflict.MappedStatus}); "
                + $"the conductor's {conflict.ConductorStatus} stands";
            await batch.Work.Findings.RaiseAsync(FindingRules.StatusConflict, subject, row.Id, task.Id,
                $"{row.Key} is {conflict.ConductorStatus} by the conductor, but its DART task {task.Id} was moved to "
                + $"'{conflict.DartStatus}' ({conflict.MappedStatus}). The work order stays {conflict.ConductorStatus}: reopen it in "
                + "the database (V7Sync sends that to DART), or move the DART task back.",
                reason, batch.Source, batch.Now, cancellationToken,
                facts: new { conductorStatus = conflict.ConductorStatus, dartStatus = conflict.DartStatus, mappedStatus = conflict.MappedStatus });
            return 1;
        }

        if (decision.StatusAgrees && open)
        {
            batch.OpenFindings.Remove((FindingRules.StatusConflict, subject));
            return await batch.Work.Findings.ResolveAsync(FindingRules.StatusConflict, subject, batch.Source, batch.Now, cancellationToken);
        }

        return 0;
    }
}
