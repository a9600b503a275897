using System.Text.Json;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Webhooks;

/// <summary>
/// Hands a claimed batch to the reconciler: every task snapshot in one call (one transaction, oldest updatedAt
/// first), then deletions and comment deliverables. When the batch call fails, each snapshot is applied alone
/// so that one bad row is retried (or goes dead) without holding back the others; when it fails for an outage
/// (<see cref="TransientFailure"/>), nothing more is tried and every row not yet applied goes back to be retried.
/// </summary>
internal sealed class InboxBatchApplier(ITaskReconciler reconciler)
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
        foreach (var row in rows.Where(r => Category(r) == WebhookEventCategory.TaskSnapshot))
        {
            if (TryRead(row, WebhookPayload.ReadTask, outcomes) is { } task)
            {
                snapshots.Add((row, task));
            }
        }

        await ApplySnapshotsAsync(snapshots, outcomes, cancellationToken);

        // Then, in arrival order, what follows from the snapshots: deletions, comments, and what is only recorded.
        foreach (var row in rows.Where(r => Category(r) != WebhookEventCategory.TaskSnapshot))
        {
            switch (Category(row))
            {
                case WebhookEventCategory.TaskDeleted when row.DartTaskId is { } dartTaskId:
                    outcomes.Add(await ApplyOneAsync(row, ct => reconciler.MarkDeletedAsync(
                        dartTaskId, AuditSources.Webhook, "task.deleted webhook", ct), cancellationToken));
                    break;
                case WebhookEventCategory.TaskDeleted:
                    outcomes.Add(EventOutcome.Ignored(row, "The task.deleted event names no task id."));
                    break;
                case WebhookEventCategory.Comment:
                    if (TryRead(row, WebhookPayload.ReadComment, outcomes) is { } comment)
                    {
                        outcomes.Add(await ApplyCommentAsync(row, comment, cancellationToken));
                    }

                    break;
                case WebhookEventCategory.Doc:
                    // Recorded: the public API links no doc to a task, so there is nothing to apply.
                    outcomes.Add(EventOutcome.Processed(row));
                    break;
                default:
                    outcomes.Add(EventOutcome.Ignored(row, $"Unknown event kind '{row.EventType}'."));
                    break;
            }
        }
    }

    private static WebhookEventCategory Category(ClaimedEvent row) => DartEventKinds.Categorize(row.EventType ?? "");

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
            await reconciler.ApplyAsync(ordered.Select(s => s.Task).ToList(), AuditSources.Webhook, cancellationToken);
            outcomes.AddRange(ordered.Select(s => EventOutcome.Processed(s.Row)));
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
                outcomes.Add(await ApplyOneAsync(row, ct => reconciler.ApplyAsync([task], AuditSources.Webhook, ct), cancellationToken));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcomes.Add(EventOutcome.Retry(ordered[0].Row, ex));
        }
    }

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

        return await ApplyOneAsync(row, ct => reconciler.AddDeliverablesAsync(comment.TaskId, links, AuditSources.Webhook, ct), cancellationToken);
    }

    private async Task<EventOutcome> ApplyOneAsync(ClaimedEvent row, Func<CancellationToken, Task> apply, CancellationToken cancellationToken)
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
        catch (JsonException ex)
        {
            return EventOutcome.Dead(row, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (TransientFailure.Is(ex))
            {
                _outage = ex;
            }

            return EventOutcome.Retry(row, ex);
        }
    }

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
