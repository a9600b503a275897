using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Refit;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Deliverables;

/// <summary>
/// The full resync's repair of what comment.created webhooks missed: reads the comments of every linked task that is
/// not completed or cancelled (GET /comments/list?task_id=…, paged, Dart:FetchConcurrency tasks at once) and adds the
/// Dart doc links they hold, as the webhook does (the reconciler's AddDeliverablesAsync: deliverable_added once per link).
/// </summary>
internal sealed class CommentRepair(IDartApi dart, TrackingDbContext db, ITaskReconciler reconciler, IOptions<DartOptions> options,
    ILogger<CommentRepair> logger)
{
    public async Task<DeliverablesReport> RepairAsync(string source, CancellationToken cancellationToken)
    {
        var open = await db.Tasks.AsNoTracking()
            .Where(t => t.DartTaskId != null && t.DartTaskId != "" && t.Status != TaskStatuses.Completed && t.Status != TaskStatuses.Cancelled)
            .Select(t => t.DartTaskId!)
            .Distinct()
            .ToListAsync(cancellationToken);
        var found = new ConcurrentDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var requests = 0;
        await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = options.Value.FetchConcurrency, CancellationToken = cancellationToken },
            async (dartTaskId, ct) =>
            {
                var (links, calls) = await DocLinksAsync(dartTaskId, ct);
                Interlocked.Add(ref requests, calls);
                if (links.Count > 0)
                {
                    found[dartTaskId] = links;
                }
            });

        var audits = 0;
        foreach (var (dartTaskId, links) in found.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            audits += (await reconciler.AddDeliverablesAsync(dartTaskId, [.. links], source, cancellationToken)).AuditRows;
        }

        return new DeliverablesReport(0, 0, requests, audits);
    }

    /// <summary>The doc links in a task's comments, oldest first, and the requests it took.</summary>
    private async Task<(List<string> Links, int Requests)> DocLinksAsync(string dartTaskId, CancellationToken cancellationToken)
    {
        var links = new List<string>();
        var (offset, limit) = (0, (int?)options.Value.PageSize);
        for (var requests = 1; ; requests++)
        {
            DartPage<JsonElement> page;
            try
            {
                page = await dart.ListCommentsAsync(dartTaskId, limit, offset, cancellationToken);
            }
            catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return (links, requests); // the task is gone: the resync's sweep reports it
            }

            foreach (var item in page.Results)
            {
                string? reason = null;
                var comment = item.ValueKind == JsonValueKind.Object ? DartTaskReader.ReadComment(item, out reason) : null;
                if (comment is null)
                {
                    logger.CommentSetAside(dartTaskId, reason ?? $"expected a comment object, got {item.ValueKind}");
                    continue;
                }

                links.AddRange(DartDocLinks.Find(comment.Text));
            }

            if (page.Next is null)
            {
                return (links, requests);
            }

            (offset, limit) = DartPaging.Next(page.Next, offset, limit);
        }
    }
}
