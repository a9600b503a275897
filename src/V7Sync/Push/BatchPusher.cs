using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>
/// Pushes one claimed batch of outbox rows (at most one per work order): reads the work orders as they are now, plans
/// each (<see cref="PushPlanner"/>), talks to DART row by row through the one client and its resilience pipeline, then
/// records every outcome in one transaction (<see cref="PushStore"/>). Before it creates, it looks in DART for a task
/// carrying the key (<see cref="DartKeySearch"/>; the batch's creates of one phase together) and links that one
/// instead, so a crash between DART's answer and the commit, or a second replica, never makes two DART tasks for one
/// work order.
/// </summary>
internal sealed class BatchPusher(
    TrackingDbContext db,
    IDartApi dart,
    DartOutbox outbox,
    DartKeySearch search,
    PushStore store,
    PushRules rules,
    DartHealth health,
    IOptions<PushOptions> options,
    ILogger<BatchPusher> logger)
{
    public async Task<IReadOnlyList<PushResult>> PushAsync(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        var claimed = Stopwatch.GetTimestamp();
        // The later rows first, then the work orders: a row seen here was committed with its write, which the work order then shows.
        var later = await outbox.LaterRowsAsync(rows, cancellationToken);
        var ids = rows.Select(r => r.TaskId).ToArray();
        var tasks = await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var blockers = await PushInputs.BlockersAsync(db, tasks.Values, cancellationToken);
        var plans = rows.Select(row =>
        {
            var task = tasks.GetValueOrDefault(row.TaskId);
            return (Row: row, Task: task, Plan: PushPlanner.Plan(row, later.GetValueOrDefault(row.TaskId) ?? [], task, task is null ? [] : blockers[task.Id], rules));
        }).ToList();
        var outcomes = new List<PushOutcome>(rows.Count);
        var inFlight = false;
        try
        {
            var known = await LookAheadAsync(plans.Where(p => p.Plan.Action == PushAction.Create && Looks(p.Row)).Select(p => p.Task!), cancellationToken);
            foreach (var (row, task, plan) in plans)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // A batch slower than half its lease renews each row's claim before DART hears of it: one lost meanwhile is left alone.
                if (Stopwatch.GetElapsedTime(claimed) > options.Value.ClaimLease / 2 && !await outbox.RenewAsync(row, cancellationToken))
                {
                    outcomes.Add(new PushOutcome(row, task, plan, PushResult.LostClaim));
                    continue;
                }

                inFlight = true;
                outcomes.Add(await PushOneAsync(row, task, plan, known, cancellationToken));
                inFlight = false;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: what DART has done is recorded, and the rows DART never heard of go back at once, their
            // attempt taken back. The one cut off mid-call stays claimed: it comes back after its lease, its attempt counted
            // (so the next claim looks in DART first, whatever Push:SearchBeforeCreate says).
            await store.RecordAsync(outcomes, CancellationToken.None);
            var unsent = rows.Skip(outcomes.Count + (inFlight ? 1 : 0)).ToList();
            await outbox.ReleaseAsync(unsent, CancellationToken.None);
            logger.RowsReleased(unsent.Count);
            throw;
        }

        return await store.RecordAsync(outcomes, cancellationToken);
    }

    /// <summary>
    /// The batch's creates looked up in DART together (<see cref="DartKeySearch.FindManyAsync"/>); when DART fails here,
    /// each create looks for itself, and its failure is recorded on its own row.
    /// </summary>
    private async Task<IReadOnlyDictionary<WorkOrderKey, DartTask?>> LookAheadAsync(IEnumerable<WorkOrderTask> creates, CancellationToken cancellationToken)
    {
        try
        {
            return await search.FindManyAsync(creates.Select(t => new WorkOrderKey(t.ParentPhase, t.TaskNumber)), cancellationToken);
        }
        catch (Exception ex) when (DartFailure.IsDartFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            return new Dictionary<WorkOrderKey, DartTask?>();
        }
    }

    // DART may have it already (an earlier attempt's answer never committed, or a persona made it): then link that one.
    // A row on its first claim (attempts 1: a claim handed back unpushed takes its attempt back) cannot have reached DART.
    private bool Looks(OutboxRow row) => options.Value.SearchBeforeCreate == SearchBeforeCreate.Always || row.Attempts > 1;

    private async Task<PushOutcome> PushOneAsync(OutboxRow row, WorkOrderTask? task, PushPlan plan,
        IReadOnlyDictionary<WorkOrderKey, DartTask?> known, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = plan.Action switch
            {
                PushAction.Create => await CreateAsync(row, task!, plan, known, cancellationToken),
                PushAction.Update => await UpdateAsync(row, task!, plan, cancellationToken),
                _ => new PushOutcome(row, task, plan, PushResult.Skipped),
            };
            health.ReportHealthy();
            return outcome;
        }
        catch (Exception ex) when (DartFailure.IsDartFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            // DART's refusals go dead at once; anything else (DART down, 429, a timeout) waits and goes out later.
            if (DartFailure.IsTokenRejected(ex, out var statusCode) && statusCode == 401)
            {
                health.ReportTokenRejected(statusCode);
            }

            var permanent = DartFailure.IsRefusal(ex, out var refusedWith);
            var said = DartFailure.AnswerText(ex);
            var error = DartFailure.Describe(ex) + (said is null ? "" : $": {said}");
            return new PushOutcome(row, task, plan, PushOutcome.Failed)
            {
                Failure = new PushFailure(permanent, error, refusedWith == 0 && said is null ? null : $"HTTP {refusedWith}: {said}"),
            };
        }
    }

    private async Task<PushOutcome> CreateAsync(OutboxRow row, WorkOrderTask task, PushPlan plan,
        IReadOnlyDictionary<WorkOrderKey, DartTask?> known, CancellationToken cancellationToken)
    {
        var key = new WorkOrderKey(task.ParentPhase, task.TaskNumber);
        if (Looks(row) && (known.TryGetValue(key, out var found) ? found : await search.FindAsync(key, cancellationToken)) is { } existing)
        {
            return new PushOutcome(row, task, plan, PushResult.Linked) { Answer = existing };
        }

        var created = Read(await dart.CreateTaskAsync(new DartItem<DartTaskWrite>(plan.Write!), cancellationToken), "POST /tasks");
        logger.TaskCreated(task.WorkOrderKey, created.Id);
        return new PushOutcome(row, task, plan, PushResult.Created) { Answer = created };
    }

    private async Task<PushOutcome> UpdateAsync(OutboxRow row, WorkOrderTask task, PushPlan plan, CancellationToken cancellationToken)
    {
        DartTask? answer = null;
        if (plan.Write is { } write)
        {
            answer = Read(await dart.UpdateTaskAsync(task.DartTaskId!, new DartItem<DartTaskWrite>(write), cancellationToken), "PUT /tasks/{id}");
        }

        foreach (var comment in plan.Comments)
        {
            await dart.AddCommentAsync(new DartItem<DartCommentCreate>(new DartCommentCreate(task.DartTaskId!, comment)), cancellationToken);
        }

        return new PushOutcome(row, task, plan, PushResult.Updated) { Answer = answer };
    }

    /// <summary>DART's answer read at the one door every task comes in by; one that does not read is a protocol failure (retried).</summary>
    private static DartTask Read(System.Text.Json.JsonElement response, string request)
    {
        var read = DartTaskReader.ReadItem(response, "answer");
        return read.Task is { } task
            ? task with { Attachments = task.Attachments ?? [] } // DART's answer is a full record
            : throw new DartProtocolException($"DART's answer to {request} could not be read: {read.Unreadable!.Reason}");
    }
}
