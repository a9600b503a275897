using System.Globalization;
using Microsoft.EntityFrameworkCore;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>
/// Records what a batch of pushes did, in one transaction marked as V7Sync's own (<see cref="WriteOrigin"/>: not
/// captured, no echo): each outbox row done (guarded by its claim: a row whose claim was lost records nothing), or
/// back to pending, or dead; the DART task's link; DART's answer applied through the decider, so its version and status
/// are the row's and DART's echo webhook of this very write changes nothing; the audit rows; the findings.
/// </summary>
internal sealed class PushStore(TrackingDbContext db, DartOutbox outbox, PushRules rules, TimeProvider time, ILogger<PushStore> logger)
{
    public async Task<IReadOnlyList<PushResult>> RecordAsync(IReadOnlyList<PushOutcome> outcomes, CancellationToken cancellationToken)
    {
        var results = new Dictionary<long, PushResult>();
        var recording = outcomes.Where(o => o.Action != PushResult.LostClaim).ToList();
        if (recording.Count > 0)
        {
            await using var work = await TrackingTransaction.BeginAsync(db, cancellationToken);
            await work.Writes.MarkOriginAsync(cancellationToken);
            var done = await outbox.CompleteAsync(db, [.. recording.Where(o => o.Failure is null)], cancellationToken);
            var failed = await outbox.FailAsync(db, [.. recording.Where(o => o.Failure is not null)], cancellationToken);
            // Locked, and read after the outbox rows are done: whatever is still pending for them is later writes.
            var ids = recording.Select(o => o.Row.TaskId).Distinct().ToArray();
            var tasks = (await db.Tasks.FromSql($"SELECT * FROM v7_subworkflow_tasks WHERE id = ANY({ids}) ORDER BY id FOR UPDATE")
                .AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(t => t.Id);
            var pending = await PendingPushes.ReadAsync(db, ids, cancellationToken);
            var subjects = ids.Select(Subject).Concat(recording.Select(o => o.Plan.MappedPersona ?? o.Plan.UnmappedPersona).OfType<string>());
            var open = await work.Findings.ReadOpenAsync([.. subjects.Distinct()], cancellationToken);
            var now = time.GetUtcNow();
            foreach (var outcome in recording)
            {
                var task = tasks.GetValueOrDefault(outcome.Row.TaskId);
                if (outcome.Failure is { } failure && failed.TryGetValue(outcome.Row.Id, out var status))
                {
                    results[outcome.Row.Id] = Result(outcome, status == OutboxStatus.Dead ? PushResult.Dead : PushResult.Retry, failure.Error);
                    logger.PushFailed(outcome.Row.Id, task?.WorkOrderKey, outcome.Row.Attempts, status, failure.Error);
                    if (status == OutboxStatus.Dead)
                    {
                        await RaiseFailedAsync(work, outcome.Row, task, failure.Error, open, now, cancellationToken);
                    }
                }
                else if (done.Contains(outcome.Row.Id))
                {
                    results[outcome.Row.Id] = Result(outcome, outcome.Action, outcome.Answer?.Id ?? outcome.Plan.Reason);
                    if (task is not null)
                    {
                        await ApplyAsync(outcome, task, pending.GetValueOrDefault(task.Id), work, open, now, cancellationToken);
                    }
                }
            }

            await work.CommitAsync(cancellationToken);
        }

        return [.. outcomes.Select(o => results.GetValueOrDefault(o.Row.Id) ?? LostClaim(o))];
    }

    /// <summary>Rows the claim moved to dead (their last lease expired with their attempts used up): dart_push_failed on each work order.</summary>
    public async Task AbandonedAsync(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        await using var work = await TrackingTransaction.BeginAsync(db, cancellationToken);
        var ids = rows.Select(r => r.TaskId).ToArray();
        var tasks = await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var open = await work.Findings.ReadOpenAsync([.. ids.Select(Subject)], cancellationToken);
        foreach (var row in rows)
        {
            await RaiseFailedAsync(work, row, tasks.GetValueOrDefault(row.TaskId),
                "claimed Push:MaxAttempts times and the last lease expired without an outcome (did the processor crash on it?)", open,
                time.GetUtcNow(), cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
    }

    private static string Subject(int taskId) => taskId.ToString(CultureInfo.InvariantCulture);

    private PushResult LostClaim(PushOutcome outcome)
    {
        logger.ClaimLost(outcome.Row.Id);
        return Result(outcome, PushResult.LostClaim, "another processor holds the row now");
    }

    private static PushResult Result(PushOutcome outcome, string action, string? note) => PushResult.Of(outcome.Row, outcome.Task, action,
        action switch { PushResult.Created => PlanFields.All, PushResult.Updated => outcome.Plan.FieldNames, PushResult.Retry or PushResult.Dead => outcome.Row.Fields, _ => [] },
        note);

    /// <summary>What one successful push writes: the link of a created task, the audit rows, DART's answer, the findings it settles.</summary>
    private async Task ApplyAsync(PushOutcome outcome, WorkOrderTask task, IReadOnlySet<string>? pending, TrackingTransaction work,
        HashSet<(string Rule, string Subject)> open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (outcome.Action == PushResult.Created && outcome.Answer is { } created)
        {
            if (!string.IsNullOrWhiteSpace(task.DartTaskId))
            {
                // Linked meanwhile (by the conductor): the task just created shows as a key conflict when DART reports it.
                logger.LinkedMeanwhile(task.WorkOrderKey, task.DartTaskId, created.Id);
                return;
            }

            task.DartTaskId = created.Id;
            task.DartTaskUrl = string.IsNullOrWhiteSpace(created.HtmlUrl) ? null : created.HtmlUrl;
            work.Writes.Changed(task);
            var write = outcome.Plan.Write!;
            work.Writes.Audit(AuditSources.Push, AuditActions.DartTaskCreated, task.Id, created.Id, "dart_task_id", null, created.Id, now, new
            {
                url = task.DartTaskUrl, write.Title, write.Status, write.Dartboard, write.Assignees, blockerIds = write.TaskRelationships?.BlockerIds,
            });
        }

        foreach (var field in outcome.Action == PushResult.Updated ? outcome.Plan.Fields : [])
        {
            work.Writes.Audit(AuditSources.Push, field.Action, task.Id, task.DartTaskId, field.Field, field.OldValue, field.NewValue, now, field.Detail);
        }

        if (outcome.Answer is { } answer)
        {
            ApplyAnswer(task, answer, outcome.Plan.Write?.Assignees, pending, work, now);
        }

        if (outcome.Action != PushResult.Skipped)
        {
            await SettleFindingsAsync(task, outcome.Plan, work, open, now, cancellationToken);
        }
    }

    /// <summary>
    /// DART's task applied as the reconciler applies a snapshot (TaskDecider): matched to the row by id (or by key, when
    /// linking one DART had already), its updatedAt and status become the row's version, and what DART set along
    /// (completedAt on a cancel, say) is applied and audited here, so the echo webhook of this write finds nothing to
    /// change. Writes still waiting to be pushed are not overwritten. The assignees the push itself sent are stored but
    /// not audited again: the push's own audit row already says so.
    /// </summary>
    private void ApplyAnswer(WorkOrderTask task, DartTask answer, IReadOnlyList<string>? sentAssignees, IReadOnlySet<string>? pending,
        TrackingTransaction work, DateTimeOffset now)
    {
        var match = TaskDecider.Match(answer, [TrackedTask.From(task, pending)], rules.Sync, (_, _) => false);
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
        var sent = sentAssignees is null ? null : SyncRules.ShowAssignees(sentAssignees);
        foreach (var change in decision.Changes.Where(c => !(c.Action == AuditActions.AssigneesChanged && sent is not null && c.NewValue == sent)))
        {
            work.Writes.Audit(AuditSources.Push, change.Action, task.Id, answer.Id, change.Field, change.OldValue, change.NewValue, now,
                change.Action == AuditActions.StatusChanged ? new { dartStatus = answer.Status } : null);
        }
    }

    /// <summary>What a push that reached DART settles: dart_push_failed on the task, status_conflict once a status went out, the persona's mapping.</summary>
    private static async Task SettleFindingsAsync(WorkOrderTask task, PushPlan plan, TrackingTransaction work,
        HashSet<(string Rule, string Subject)> open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subject = Subject(task.Id);
        if (open.Remove((FindingRules.DartPushFailed, subject)))
        {
            await work.Findings.ResolveAsync(FindingRules.DartPushFailed, subject, AuditSources.Push, now, cancellationToken);
        }

        if (plan.PushesStatus && open.Remove((FindingRules.StatusConflict, subject)))
        {
            await work.Findings.ResolveAsync(FindingRules.StatusConflict, subject, AuditSources.Push, now, cancellationToken);
        }

        if (plan.MappedPersona is { } mapped && open.Remove((FindingRules.PersonaUnmapped, mapped)))
        {
            await work.Findings.ResolveAsync(FindingRules.PersonaUnmapped, mapped, AuditSources.Push, now, cancellationToken);
        }

        if (plan.UnmappedPersona is { } unmapped && open.Add((FindingRules.PersonaUnmapped, unmapped)))
        {
            await work.Findings.RaiseAsync(FindingRules.PersonaUnmapped, unmapped, task.Id, task.DartTaskId,
                $"Dart:PersonaAssignees maps no DART user to the persona '{unmapped}': {task.WorkOrderKey}'s DART task has no assignee.",
                $"no DART user for '{unmapped}'", AuditSources.Push, now, cancellationToken);
        }
    }

    /// <summary>dart_push_failed on the work order (once while open), naming what DART said.</summary>
    private static async Task RaiseFailedAsync(TrackingTransaction work, OutboxRow row, WorkOrderTask? task, string error,
        HashSet<(string Rule, string Subject)> open, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subject = Subject(row.TaskId);
        if (!open.Add((FindingRules.DartPushFailed, subject)))
        {
            return;
        }

        var what = row.Kind == OutboxKind.Create ? "its DART task could not be created" : $"{string.Join(", ", row.Fields)} could not be sent to DART";
        await work.Findings.RaiseAsync(FindingRules.DartPushFailed, subject, row.TaskId, task?.DartTaskId,
            $"{task?.WorkOrderKey ?? $"Task {subject}"}: {what} (outbox row {row.Id}): {error}", error, AuditSources.Push, now,
            cancellationToken, facts: new { outboxId = row.Id, row.Kind, row.Fields });
    }
}
