using System.Text.Json;
using V7Sync.Dart;
using V7Sync.Deliverables;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Webhooks;

/// <summary>
/// Hands a claimed batch to the reconciler: every task snapshot in one call (one transaction, oldest updatedAt
/// first), then deletions, comment deliverables (kept when their task is not linked yet, applied once it is) and
/// report docs (<see cref="IDeliverableEvents"/>). When the batch call fails, each snapshot is applied alone
/// so that one bad row fails without holding back the others; when it fails for an outage
/// (<see cref="TransientFailure"/>), nothing more is tried and every row not yet applied goes back to be retried.
/// Only faults that pass (the database away, DART failing) are retried: a row that can never succeed (its model
/// does not read, the database refuses its snapshot) goes dead at once with its reason, and a task set aside so
/// raises dart_task_unreadable as the poller's does.
/// </summary>
internal sealed class InboxBatchApplier(ITaskReconciler reconciler, IDeliverableEvents deliverables)
{
    // The outage met in this batch: row by row, 500 rows would only meet it 500 times, and outlast their lease.
    private Exception? _outage;

    public async Task<IReadOnlyList<EventOutcome>> ApplyAsync(IReadOnlyList<ClaimedEvent> rows, CancellationToken cancellationToken)
    {
        var outcomes = new List<EventOutcome>(rows.Count);
        await ApplyAsync(rows, outcomes, cancellationToken);
        return outcomes;
    }

    /// <summary>
    /// Adds each row's outcome to <paramref name="outcomes"/> as soon as it is known, so that when the work is
    /// cancelled part way the caller still has the outcomes of the rows that were done.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<ClaimedEvent> rows, List<EventOutcome> outcomes, CancellationToken cancellationToken)
    {
        _outage = null;
        var snapshots = new List<(ClaimedEvent Row, DartTask Task)>();
        var unreadable = new List<(ClaimedEvent Row, UnreadableTask Task)>();
        foreach (var row in rows.Where(r => Category(r) == WebhookEventCategory.TaskSnapshot))
        {
            switch (TryRead(row, body => WebhookPayload.ReadTask(body, UnreadableTask.WebhookPosition(row.Id)), outcomes))
            {
                case { Task: { } task }:
                    snapshots.Add((row, task));
                    break;
                case { Unreadable: { } setAside }:
                    unreadable.Add((row, setAside));
                    break;
            }
        }

        await SetAsideAsync(unreadable, outcomes, cancellationToken);
        await ApplySnapshotsAsync(snapshots, outcomes, cancellationToken);
        if (snapshots.Count > 0 && _outage is null)
        {
            // A snapshot may have linked a task whose comments came first.
            await deliverables.ApplyKeptCommentLinksAsync(cancellationToken);
        }

        // Then, in arrival order, what follows from the snapshots: deletions, comments, and what is only recorded.
        foreach (var row in rows.Where(r => Category(r) != WebhookEventCategory.TaskSnapshot))
        {
            switch (Category(row))
            {
                case WebhookEventCategory.TaskDeleted when row.DartTaskId is { } dartTaskId:
                    outcomes.Add(await ApplyOneAsync(row, null, ct => reconciler.MarkDeletedAsync(
                        dartTaskId, AuditSources.Webhook, "task.deleted webhook", ct), cancellationToken));
                    break;
                case WebhookEventCategory.TaskDeleted:
                    outcomes.Add(EventOutcome.Ignored(row, "The task.deleted event names no task id."));
                    break;
                case WebhookEventCategory.Comment:
                    var comment = TryRead(row, body => WebhookPayload.ReadComment(body, out var reason) ?? throw new JsonException(reason), outcomes);
                    if (comment is not null)
                    {
                        outcomes.Add(await ApplyCommentAsync(row, comment, cancellationToken));
                    }

                    break;
                case WebhookEventCategory.Doc:
                    if (TryRead(row, WebhookPayload.ReadDoc, outcomes) is { } doc)
                    {
                        // A deletion needs only the id; anything else must read whole.
                        outcomes.Add(doc.Unreadable is { } reason && row.EventType != DartEventKinds.DocDeleted
                            ? EventOutcome.Dead(row, $"Unreadable: {reason}")
                            : await ApplyOneAsync(row, null, ct => deliverables.ApplyDocAsync(row.EventType!, doc, ct), cancellationToken));
                    }

                    break;
                default:
                    outcomes.Add(EventOutcome.Ignored(row, $"Unknown event kind '{row.EventType}'."));
                    break;
            }
        }
    }

    private static WebhookEventCategory Category(ClaimedEvent row) => DartEventKinds.Categorize(row.EventType ?? "");

    /// <summary>Models that do not read: dart_task_unreadable for each, and the rows dead with the reader's reason.</summary>
    private async Task SetAsideAsync(List<(ClaimedEvent Row, UnreadableTask Task)> unreadable, List<EventOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (unreadable.Count == 0)
        {
            return;
        }

        try
        {
            await reconciler.SetAsideAsync(unreadable.Select(u => u.Task).ToList(), AuditSources.Webhook, cancellationToken);
            outcomes.AddRange(unreadable.Select(u => EventOutcome.Dead(u.Row, $"Unreadable: {u.Task.Reason}")));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The finding could not be written: retried when that may pass, else the row still goes dead.
            outcomes.AddRange(unreadable.Select(u => Retryable(ex) ? EventOutcome.Retry(u.Row, ex) : EventOutcome.Dead(u.Row, $"Unreadable: {u.Task.Reason}")));
        }
    }

    private async Task ApplySnapshotsAsync(
        List<(ClaimedEvent Row, DartTask Task)> snapshots, List<EventOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (snapshots.Count == 0)
        {
            return;
        }

        // Oldest first: each real change is applied once, in the order DART made it; an older snapshot that
        // arrives later is stale to the reconciler's version guard and changes nothing.
        var ordered = snapshots
            .OrderBy(s => s.Task.UpdatedAt ?? DateTimeOffset.MinValue)
            .ThenBy(s => s.Row.Id)
            .ToList();
        try
        {
            var summary = await reconciler.ApplyAsync(ordered.Select(s => s.Task).ToList(), AuditSources.Webhook, cancellationToken);
            outcomes.AddRange(ordered.Select(s => Outcome(s.Row, s.Task, summary)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException && TransientFailure.Is(ex))
        {
            _outage = ex;
            outcomes.AddRange(ordered.Select(s => EventOutcome.Retry(s.Row, ex)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ordered.Count > 1)
        {
            foreach (var (row, task) in ordered)
            {
                ReconcileSummary? alone = null;
                var outcome = await ApplyOneAsync(row, task, async ct => alone = await reconciler.ApplyAsync([task], AuditSources.Webhook, ct), cancellationToken);
                outcomes.Add(alone is not null && outcome.Status == InboxStatus.Processed ? Outcome(row, task, alone) : outcome);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcomes.Add(await FailedAsync(ordered[0].Row, ordered[0].Task, ex, cancellationToken));
        }
    }

    /// <summary>Processed, or superseded when the reconciler found the very snapshot older than (or equal to) what was applied.</summary>
    private static EventOutcome Outcome(ClaimedEvent row, DartTask task, ReconcileSummary summary) =>
        summary.Superseded.FirstOrDefault(s => ReferenceEquals(s.Snapshot, task)) is { } superseded
            ? EventOutcome.Superseded(row, superseded.AppliedVersion)
            : EventOutcome.Processed(row);

    private async Task<EventOutcome> ApplyCommentAsync(ClaimedEvent row, DartComment comment, CancellationToken cancellationToken)
    {
        var links = DartDocLinks.Find(comment.Text);
        if (links.Count == 0)
        {
            return EventOutcome.Processed(row);
        }

        if (string.IsNullOrEmpty(comment.TaskId))
        {
            return EventOutcome.Ignored(row, "The comment links a Dart doc but names no task.");
        }

        return await ApplyOneAsync(row, null, async ct =>
        {
            if ((await reconciler.AddDeliverablesAsync(comment.TaskId, links, AuditSources.Webhook, ct)).Unlinked > 0)
            {
                await deliverables.KeepCommentLinksAsync(comment, links, ct);
            }
        }, cancellationToken);
    }

    /// <param name="task">The snapshot the row carries, if any: set aside when the database refuses it.</param>
    private async Task<EventOutcome> ApplyOneAsync(ClaimedEvent row, DartTask? task, Func<CancellationToken, Task> apply, CancellationToken cancellationToken)
    {
        if (_outage is { } outage)
        {
            return EventOutcome.Retry(row, outage);
        }

        try
        {
            await apply(cancellationToken);
            return EventOutcome.Processed(row);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await FailedAsync(row, task, ex, cancellationToken);
        }
    }

    /// <summary>
    /// A row that failed alone: retried when the fault may pass (an outage, DART failing), dead at once otherwise.
    /// A snapshot the database refused is set aside like the poller's (dart_task_unreadable, naming the error).
    /// </summary>
    private async Task<EventOutcome> FailedAsync(ClaimedEvent row, DartTask? task, Exception error, CancellationToken cancellationToken)
    {
        if (TransientFailure.Is(error))
        {
            _outage = error;
        }

        if (Retryable(error))
        {
            return EventOutcome.Retry(row, error);
        }

        if (task is not null && DatabaseRefusal.Is(error))
        {
            var refused = UnreadableTask.Refused(task, error);
            var setAside = await ApplyOneAsync(row, null, ct => reconciler.SetAsideAsync([refused], AuditSources.Webhook, ct), cancellationToken);
            return setAside.Status == InboxStatus.Pending ? setAside : EventOutcome.Dead(row, $"Refused: {refused.Reason}");
        }

        return EventOutcome.Dead(row, error);
    }

    private static bool Retryable(Exception error) => TransientFailure.Is(error) || DartFailure.IsDartFailure(error);

    /// <summary>Reads the model; a body that cannot be read now never will be, so the row goes dead at once.</summary>
    private static T? TryRead<T>(ClaimedEvent row, Func<ReadOnlyMemory<byte>, T> read, List<EventOutcome> outcomes)
        where T : class
    {
        try
        {
            return read(row.RawBody);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            outcomes.Add(EventOutcome.Dead(row, ex));
            return null;
        }
    }
}
