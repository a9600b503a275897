using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>
/// Pushes one claimed outbox row: reads the work order as it is now, plans (<see cref="PushPlanner"/>), talks to DART
/// through the one client and its resilience pipeline, and records the outcome (<see cref="PushStore"/>). Before it
/// creates, it looks in DART for a task carrying the work order's key and links that one instead, so a crash between
/// DART's answer and the commit (or two replicas) never makes two DART tasks for one work order.
/// </summary>
internal sealed class TaskPusher(
    TrackingDbContext db,
    IDartApi dart,
    DartOutbox outbox,
    PushStore store,
    PushRules rules,
    DartHealth health,
    IOptions<DartOptions> dartOptions,
    ILogger<TaskPusher> logger)
{
    public async Task<PushResult> PushAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var later = await outbox.RenewAsync(row, cancellationToken);
        if (later is null)
        {
            return PushResult.Of(row, null, PushResult.LostClaim, [], "another processor holds the row now");
        }

        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == row.TaskId, cancellationToken);
        var plan = PushPlanner.Plan(row, later, task, task is null ? [] : await PushInputs.BlockersAsync(db, task, cancellationToken), rules);
        try
        {
            var result = plan.Action switch
            {
                PushAction.Create => await CreateAsync(row, task!, plan, cancellationToken),
                PushAction.Update => await UpdateAsync(row, task!, plan, cancellationToken),
                _ => await store.FinishedAsync(row, $"skipped: {plan.Reason}", cancellationToken)
                    ? PushResult.Of(row, task, PushResult.Skipped, [], plan.Reason) : PushResult.Of(row, task, PushResult.LostClaim, [], null),
            };
            health.ReportHealthy();
            return result;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // DART's refusals go dead at once; anything else (DART down, 429, the database away) waits and goes out later.
            return await FailedAsync(row, task, ex, cancellationToken);
        }
    }

    private async Task<PushResult> CreateAsync(OutboxRow row, WorkOrderTask task, PushPlan plan, CancellationToken cancellationToken)
    {
        var key = new WorkOrderKey(task.ParentPhase, task.TaskNumber);
        if (await FindByKeyAsync(key, cancellationToken) is { } existing
            && await dart.FetchTaskAsync(existing, logger, cancellationToken) is { Task: { } full })
        {
            // DART has it already (an earlier attempt's answer never committed, or a persona made it): link that one.
            var linked = await store.LinkedAsync(row, full, cancellationToken);
            return PushResult.Of(row, task, linked ? PushResult.Linked : PushResult.LostClaim, [], existing);
        }

        var answer = Read(await dart.CreateTaskAsync(new DartItem<DartTaskWrite>(plan.Write!), cancellationToken), "POST /tasks");
        var stored = await store.CreatedAsync(row, plan, answer, cancellationToken);
        logger.TaskCreated(task.WorkOrderKey, answer.Id);
        return PushResult.Of(row, task, stored ? PushResult.Created : PushResult.LostClaim, PlanFields.All, answer.Id);
    }

    private async Task<PushResult> UpdateAsync(OutboxRow row, WorkOrderTask task, PushPlan plan, CancellationToken cancellationToken)
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

        var stored = await store.UpdatedAsync(row, plan, answer, cancellationToken);
        return PushResult.Of(row, task, stored ? PushResult.Updated : PushResult.LostClaim, plan.FieldNames, null);
    }

    private async Task<PushResult> FailedAsync(OutboxRow row, WorkOrderTask? task, Exception ex, CancellationToken cancellationToken)
    {
        if (DartFailure.IsTokenRejected(ex, out var statusCode) && statusCode == 401)
        {
            health.ReportTokenRejected(statusCode);
        }

        var permanent = DartFailure.IsRefusal(ex, out var refusedWith);
        var said = DartFailure.AnswerText(ex);
        var error = DartFailure.Describe(ex) + (said is null ? "" : $": {said}");
        var response = refusedWith == 0 && said is null ? null : $"HTTP {refusedWith}: {said}";
        var status = await store.FailedAsync(row, task, permanent, error, response, cancellationToken);
        logger.PushFailed(row.Id, task?.WorkOrderKey, row.Attempts, status ?? "lost", error);
        return PushResult.Of(row, task, status == OutboxStatus.Dead ? PushResult.Dead : status is null ? PushResult.LostClaim : PushResult.Retry, row.Fields, error);
    }

    /// <summary>
    /// The DART task that carries <paramref name="key"/>, if one does: DART's title filter (a substring match, so
    /// "P1.T3" also finds "P1.T30"), then the work-order key rule on each title (<see cref="SyncRules.FindKey"/>).
    /// </summary>
    private async Task<string?> FindByKeyAsync(WorkOrderKey key, CancellationToken cancellationToken)
    {
        var pageSize = dartOptions.Value.PageSize;
        for (var offset = 0; ; offset += pageSize)
        {
            var page = await dart.ListTasksAsync(new DartTaskQuery
            {
                Title = rules.Sync.KeyInTitle(key),
                InTrash = DartTaskQuery.Format(false),
                Order = "created_at",
                Limit = pageSize,
                Offset = offset,
            }, cancellationToken);
            var match = DartTaskReader.ReadPage(page, offset).Select(r => r.Task).FirstOrDefault(t => t is not null && rules.Sync.FindKey(t.Title) == key);
            if (match is not null)
            {
                return match.Id;
            }

            if (page.Next is null || page.Results.Count == 0)
            {
                return null;
            }
        }
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
