using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Refit;
using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Deliverables;

/// <summary>
/// Reads one report folder per sync cycle: lists it most recently updated first (GET /docs/list?folder=…&amp;o=-updated_at),
/// page by page, and stops at the first page with nothing new (<see cref="DocChanges"/>); the full resync lists every
/// page. Only the docs that changed are fetched (GET /docs/{id}: a list item has no text) and applied. A quiet cycle
/// costs one request and writes nothing. One doc that does not read is set aside (logged, remembered), never its page.
/// </summary>
internal sealed class ReportFolderReader(
    IDartApi dart, ReportDocApplier applier, TrackingDbContext db, IOptions<DartOptions> options, ILogger<ReportFolderReader> logger)
{
    public async Task<DeliverablesReport> ReadAsync(ReportFolder folder, bool everyPage, string source, CancellationToken cancellationToken)
    {
        var seen = await new ReportDocStore(db).LoadAsync(folder.Title, cancellationToken);
        var listed = new List<(string Key, string? Title)>();
        var items = new Dictionary<string, DartDocRead>(StringComparer.Ordinal);
        IReadOnlySet<string> changed = new HashSet<string>();
        var query = new DartDocQuery { Folder = folder.Title, Limit = options.Value.PageSize, Offset = 0 };
        var requests = 0;
        while (true)
        {
            requests++;
            if (await ListAsync(folder, query, cancellationToken) is not { } page)
            {
                return new DeliverablesReport(requests, 0, 0, 0);
            }

            var reads = DartDocReader.ReadPage(page);
            // Offset paging over a folder that changes can list an item twice: the first place counts.
            foreach (var read in reads.Where(r => items.TryAdd(r.Key, r)))
            {
                listed.Add((read.Key, read.Doc?.Title));
            }

            changed = DocChanges.Find(listed, seen.Order, seen.Titles);
            if (page.Next is null || (!everyPage && !reads.Any(r => changed.Contains(r.Key))))
            {
                break;
            }

            var (offset, limit) = DartPaging.Next(page.Next, query.Offset, query.Limit);
            query = query with { Offset = offset, Limit = limit };
        }

        if (changed.Count == 0)
        {
            return new DeliverablesReport(requests, 0, 0, 0);
        }

        var docs = new List<DartDoc>();
        foreach (var read in listed.Where(l => changed.Contains(l.Key)).Select(l => items[l.Key]))
        {
            var full = read.Doc is { } doc ? await dart.FetchDocAsync(doc.Id, logger, cancellationToken) : read;
            if (full?.Doc is { } fetched)
            {
                docs.Add(fetched);
            }
            else if (full is { Unreadable: { } reason })
            {
                // Recorded in the folder's order all the same, so it is set aside once, not every cycle.
                logger.ReportDocSetAside(folder.Title, full.Key, reason);
            }
        }

        var keys = listed.Select(l => l.Key).ToList();
        var audits = await applier.ApplyAsync(folder, docs, stored => DocChanges.Merge(keys, stored), source, cancellationToken);
        return new DeliverablesReport(requests, docs.Count, 0, audits);
    }

    /// <summary>A page; null when DART refuses the folder (400: a title it does not know), which is logged and skipped.</summary>
    private async Task<DartPage<JsonElement>?> ListAsync(ReportFolder folder, DartDocQuery query, CancellationToken cancellationToken)
    {
        try
        {
            return await dart.ListDocsAsync(query, cancellationToken);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
        {
            logger.ReportFolderRefused(folder.Title, DartFailure.Describe(ex));
            return null;
        }
    }
}
