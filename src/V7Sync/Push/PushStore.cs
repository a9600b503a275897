using System.Globalization;
using Microsoft.EntityFrameworkCore;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>
/// Records what a push did, in one transaction marked as V7Sync's own (<see cref="WriteOrigin"/>: not captured, no
/// echo): the outbox row done (guarded by its claim), the DART task's link, DART's answer applied through the decider
/// (so its version and status are the row's, and DART's echo webhook of this very write changes nothing), the audit
/// rows and the findings. A claim lost meanwhile rolls it all back.
/// </summary>
internal sealed class PushStore(TrackingDbContext db, DartOutbox outbox, PushRules rules, TimeProvider time, ILogger<PushStore> logger)
{
    /// <summary>The work order's DART task was created: linked, audited dart_task_created, DART's answer applied.</summary>
    public Task<bool> CreatedAsync(OutboxRow row, PushPlan plan, DartTask created, CancellationToken cancellationToken) =>
        FinishAsync(row, plan.Covered, $"created DART task {created.Id}", async (task, work, now) =>
        {
            if (!string.IsNullOrWhiteSpace(task.DartTaskId))
            {
                // Linked meanwhile (the reconciler found a persona's task by key): the one just created shows as a key conflict.
                logger.LinkedMeanwhile(task.WorkOrderKey, task.DartTaskId, created.Id);
                return;
            }

            task.DartTaskId = created.Id;
            task.DartTaskUrl = string.IsNullOrWhiteSpace(created.HtmlUrl) ? null : created.HtmlUrl;
            work.Writes.Changed(task);
            work.Writes.Audit(AuditSources.Push, AuditActions.DartTaskCreated, task.Id, created.Id, "dart_task_id", null, created.Id, now, new
            {
                url = task.DartTaskUrl,
                plan.Write!.Title,
                plan.Write.Status,
                plan.Write.Dartboard,
                plan.Write.Assignees,
                blockerIds = plan.Write.TaskRelationships?.BlockerIds,
            });
            await ApplyAnswerAsync(task, row, created, work, now, cancellationToken);
            await FindingsAsync(task, plan, work, now, cancellationToken);
        }, cancellationToken);

    /// <summary>The changed fields were sent: audited one row per field, DART's answer (when there was a PUT) applied.</summary>
    public Task<bool> UpdatedAsync(OutboxRow row, PushPlan plan, DartTask? answer, CancellationToken cancellationToken) =>
        FinishAsync(row, plan.Covered, $"sent {string.Join(", ", plan.FieldNames)}", async (task, work, now) =>
        {
            foreach (var field in plan.Fields)
            {
                work.Writes.Audit(AuditSources.Push, field.Action, task.Id, task.DartTaskId, field.Field, field.OldValue, field.NewValue, now, field.Detail);
            }

            if (answer is not null)
            {
                await ApplyAnswerAsync(task, row, answer, work, now, cancellationToken);
            }

            await FindingsAsync(task, plan, work, now, cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// DART has a task carrying the work order's key already (an earlier attempt's answer never committed, or a persona
    /// made it): linked by the reconciler's own rules (TaskDecider.Match, audited task_linked) and its state applied.
    /// </summary>
    public Task<bool> LinkedAsync(OutboxRow row, DartTask existing, CancellationToken cancellationToken) =>
        FinishAsync(row, [], $"linked DART task {existing.Id}, which carries the key",
            (task, work, now) => ApplyAnswerAsync(task, row, existing, work, now, cancellationToken), cancellationToken);

    /// <summary>Nothing to write: the row is done with its reason.</summary>
    public Task<bool> FinishedAsync(OutboxRow row, string outcome, CancellationToken cancellationToken) =>
        FinishAsync(row, [], outcome, null, cancellationToken);

    /// <summary>A failed push: back to pending with backoff, or dead with DART's answer kept and dart_push_failed open.</summary>
    public async Task<string?> FailedAsync(OutboxRow row, WorkOrderTask? task, bool permanent, string error, string? dartResponse,
        CancellationToken cancellationToken)
    {
        await using var work = await TrackingTransaction.BeginAsync(db, cancellationToken);
        var status = await outbox.FailAsync(db, row, permanent, error, dartResponse, cancellationToken);
        if (status == OutboxStatus.Dead)
        {
            await RaiseFailedAsync(work, row, task, error, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return status;
    }

    /// <summary>Rows the claim moved to dead (their last lease expired with their attempts used up): dart_push_failed on each work order.</summary>
    public async Task AbandonedAsync(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        await using var work = await TrackingTransaction.BeginAsync(db, cancellationToken);
        var ids = rows.Select(r => r.TaskId).ToArray();
        var tasks = await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        foreach (var row in rows)
        {
            await RaiseFailedAsync(work, row, tasks.GetValueOrDefault(row.TaskId),
                "claimed Push:MaxAttempts times and the last lease expired without an outcome (did the processor crash on it?)", cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
    }

    /// <summary>dart_push_failed on the work order (once while open), naming what DART said.</summary>
    private async Task RaiseFailedAsync(TrackingTransaction work, OutboxRow row, WorkOrderTask? task, string error, CancellationToken cancellationToken)
    {
        var subject = row.TaskId.ToString(CultureInfo.InvariantCulture);
        if ((await work.Findings.ReadOpenAsync([subject], cancellationToken)).Contains((FindingRules.DartPushFailed, subject)))
        {
            return;
        }

        var what = row.Kind == OutboxKind.Create ? "its DART task could not be created" : $"{string.Join(", ", row.Fields)} could not be sent to DART";
        await work.Findings.RaiseAsync(FindingRules.DartPushFailed, subject, row.TaskId, task?.DartTaskId,
            $"{task?.WorkOrderKey ?? $"Task {subject}"}: {what} (outbox row {row.Id}): {error}", error, AuditSources.Push, time.GetUtcNow(),
            cancellationToken, facts: new { outboxId = row.Id, row.Kind, row.Fields });
    }

    private async Task<bool> FinishAsync(OutboxRow row, IReadOnlyList<long> covered, string outcome,
        Func<WorkOrderTask, TrackingTransaction, DateTimeOffset, Task>? write, CancellationToken cancellationToken)
    {
        await using var work = await TrackingTransaction.BeginAsync(db, cancellationToken);
        await WriteOrigin.MarkAsync(db, cancellationToken);
        if (!await outbox.CompleteAsync(db, row, covered, outcome, cancellationToken))
        {
            logger.ClaimLost(row.Id);
            return false; // disposed uncommitted: rolled back
        }

        var task = await db.Tasks
            .FromSql($"SELECT * FROM v7_subworkflow_tasks WHERE id = {row.TaskId} FOR UPDATE")
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (task is not null && write is not null)
        {
            await write(task, work, time.GetUtcNow());
        }

        await work.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// DART's task applied as the reconciler applies a snapshot (TaskDecider): matched to the row by id (or by key, when
    /// linking), its updatedAt and status become the row's version, and what DART set along (completedAt on a cancel,
    /// say) is applied and audited here, so the echo webhook of this write finds nothing to change. Writes still waiting
    /// to be pushed are not overwritten.
    /// </summary>
    private async Task ApplyAnswerAsync(WorkOrderTask task, OutboxRow row, DartTask answer, TrackingTransaction work, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var pending = await PendingPushes.ReadAsync(db, [task.Id], cancellationToken, exceptOutboxId: row.Id);
        var match = TaskDecider.Match(answer, [TrackedTask.From(task, pending.GetValueOrDefault(task.Id))], rules.Sync, (_, _) => false);
        if (match.Row is null)
        {
            return; // linked to another DART task meanwhile: that is the reconciler's key conflict to report
        }

        var decision = TaskDecider.Decide(match, answer, rules.Sync, fetched: true, now);
        if (decision is not { Kind: DecisionKind.Apply, NewState: { } state })
        {
            return;
        }

        state.ApplyTo(task);
        work.Writes.Changed(task);
        foreach (var change in decision.Changes)
        {
            work.Writes.Audit(AuditSources.Push, change.Action, task.Id, answer.Id, change.Field, change.OldValue, change.NewValue, now,
                change.Action == AuditActions.StatusChanged ? new { dartStatus = answer.Status } : null);
        }
    }

    /// <summary>What a successful push settles: dart_push_failed on the task, status_conflict once a status went out, the persona's mapping.</summary>
    private static async Task FindingsAsync(WorkOrderTask task, PushPlan plan, TrackingTransaction work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subject = task.Id.ToString(CultureInfo.InvariantCulture);
        var persona = plan.MappedPersona ?? plan.UnmappedPersona;
        var open = await work.Findings.ReadOpenAsync(persona is null ? [subject] : [subject, persona], cancellationToken);
        if (open.Contains((FindingRules.DartPushFailed, subject)))
        {
            await work.Findings.ResolveAsync(FindingRules.DartPushFailed, subject, AuditSources.Push, now, cancellationToken);
        }

        if (plan.PushesStatus && open.Contains((FindingRules.StatusConflict, subject)))
        {
            await work.Findings.ResolveAsync(FindingRules.StatusConflict, subject, AuditSources.Push, now, cancellationToken);
        }

        if (plan.MappedPersona is { } mapped && open.Contains((FindingRules.PersonaUnmapped, mapped)))
        {
            await work.Findings.ResolveAsync(FindingRules.PersonaUnmapped, mapped, AuditSources.Push, now, cancellationToken);
        }

        if (plan.UnmappedPersona is { } unmapped && !open.Contains((FindingRules.PersonaUnmapped, unmapped)))
        {
            await work.Findings.RaiseAsync(FindingRules.PersonaUnmapped, unmapped, task.Id, task.DartTaskId,
                $"Dart:PersonaAssignees maps no DART user to the persona '{unmapped}': {task.WorkOrderKey}'s DART task has no assignee.",
                $"no DART user for '{unmapped}'", AuditSources.Push, now, cancellationToken);
        }
    }
}
