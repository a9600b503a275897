using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Deliverables;

/// <summary>
/// Makes report docs deliverables, one transaction per call: each doc's htmlUrl is appended to the deliverable_urls of
/// the work orders it names (<see cref="DocTarget"/>; the one merge rule: in order, no duplicates, never removed),
/// audited deliverable_added with {"from": "doc", "doc_id": …}; a doc whose title names a key no work order has opens
/// report_unmatched (resolved once it matches); and what was seen is recorded (<see cref="ReportDocStore"/>).
/// </summary>
internal sealed class ReportDocApplier(TrackingDbContext db, IOptions<DartOptions> options, TimeProvider time)
{
    private readonly SyncRules _rules = SyncRules.From(options.Value);
    private readonly ReportDocStore _store = new(db);

    /// <param name="docs">Docs of <paramref name="folder"/>, read in full (or at least their title, for a key).</param>
    /// <param name="order">The folder's order to keep, from the one stored (locked, so a webhook and a poll take turns).</param>
    /// <returns>The audit rows written.</returns>
    public async Task<int> ApplyAsync(ReportFolder folder, IReadOnlyList<DartDoc> docs, Func<IReadOnlyList<string>, IReadOnlyList<string>> order,
        string source, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var audits = 0;
        await using var work = await TrackingTransaction.BeginReplayableAsync(db, cancellationToken);
        var stored = await _store.LockOrderAsync(folder.Title, cancellationToken);
        var targets = docs.Select(d => (Doc: d, Target: DocTarget.Of(d, _rules))).ToList();
        var rows = await _store.LockWorkOrdersAsync([.. targets.Select(t => t.Target)], cancellationToken);
        var open = await work.Findings.ReadOpenAsync([.. docs.Select(d => d.Id)], cancellationToken);
        foreach (var (doc, target) in targets)
        {
            var matched = rows.Where(r => target.Names(r, folder.Phase)).ToList();
            foreach (var row in matched)
            {
                audits += DeliverableAppender.Append(work, row, [doc.HtmlUrl], source, row.DartTaskId, now, new { from = "doc", doc_id = doc.Id });
            }

            var unmatched = target.Key is not null && matched.Count == 0;
            var wasOpen = open.Contains((FindingRules.ReportUnmatched, doc.Id));
            if (unmatched && !wasOpen)
            {
                var message = DocTarget.Unmatched(doc, target.Key!.Value, folder);
                await work.Findings.RaiseAsync(FindingRules.ReportUnmatched, doc.Id, null, null, message, message, source, now, cancellationToken);
                audits++;
            }
            else if (!unmatched && wasOpen)
            {
                audits += await work.Findings.ResolveAsync(FindingRules.ReportUnmatched, doc.Id, source, now, cancellationToken);
            }

            await _store.SaveDocAsync(doc, folder, target.Key, [.. matched.Select(r => r.Id)], unmatched, now, cancellationToken);
        }

        await _store.SaveOrderAsync(folder.Title, order(stored), now, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return audits;
    }

    /// <summary>Docs once unmatched whose work order exists now become its deliverables (the folder's order stays).</summary>
    public async Task<int> ApplyNowMatchedAsync(string source, CancellationToken cancellationToken)
    {
        var audits = 0;
        foreach (var folder in (await _store.NowMatchedAsync(cancellationToken)).GroupBy(d => new ReportFolder(d.Folder, d.FolderPhase)))
        {
            var docs = folder.Select(d => new DartDoc(d.DocId, d.HtmlUrl, d.Title, d.Folder, null)).ToList();
            audits += await ApplyAsync(folder.Key, docs, stored => stored, source, cancellationToken);
        }

        return audits;
    }

    /// <summary>A deleted doc: its deliverables stay (never removed), its unmatched key no longer asks for a work order.</summary>
    public async Task<int> ForgetAsync(string docId, string source, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await TrackingTransaction.BeginReplayableAsync(db, cancellationToken);
        var resolved = await work.Findings.ResolveAsync(FindingRules.ReportUnmatched, docId, source, now, cancellationToken);
        await _store.SetMatchedAsync(docId, cancellationToken);
        await _store.ForgetOrderAsync(docId, now, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return resolved;
    }
}
