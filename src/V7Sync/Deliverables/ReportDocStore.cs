using Microsoft.EntityFrameworkCore;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Deliverables;

/// <summary>
/// The report tables of migration 006: what was seen of each folder (dart_report_folders.doc_order, most recently
/// updated first) and what each doc became (dart_report_docs). Reads run on their own; writes in the caller's transaction.
/// </summary>
internal sealed class ReportDocStore(TrackingDbContext db)
{
    /// <summary>The folder as last read: its order and the title of each doc in it.</summary>
    public async Task<SeenFolder> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        var order = await db.Database.SqlQuery<FolderRow>($"SELECT doc_order FROM dart_report_folders WHERE folder = {folder}")
            .SingleOrDefaultAsync(cancellationToken);
        var titles = await db.Database.SqlQuery<TitleRow>($"SELECT doc_id, title FROM dart_report_docs WHERE folder = {folder}")
            .ToDictionaryAsync(t => t.DocId, t => t.Title, StringComparer.Ordinal, cancellationToken);
        return new SeenFolder(order?.DocOrder ?? [], titles);
    }

    /// <summary>Locks the folder's row for the transaction (made when missing) and returns its order.</summary>
    public async Task<IReadOnlyList<string>> LockOrderAsync(string folder, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"INSERT INTO dart_report_folders (folder) VALUES ({folder}) ON CONFLICT (folder) DO NOTHING", cancellationToken);
        var row = await db.Database.SqlQuery<FolderRow>($"SELECT doc_order FROM dart_report_folders WHERE folder = {folder} FOR UPDATE")
            .SingleAsync(cancellationToken);
        return row.DocOrder;
    }

    public Task SaveOrderAsync(string folder, IReadOnlyList<string> order, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"UPDATE dart_report_folders SET doc_order = {order.ToArray()}, updated_at = {now} WHERE folder = {folder}", cancellationToken);

    /// <summary>Removes a doc from every folder's order (it was deleted: the docs after it have not moved).</summary>
    public Task ForgetOrderAsync(string docId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE dart_report_folders SET doc_order = array_remove(doc_order, {docId}), updated_at = {now}
            WHERE {docId} = ANY(doc_order)
            """, cancellationToken);

    /// <summary>Records what a doc became; the work orders it is a deliverable of only grow, as deliverables do.</summary>
    public Task SaveDocAsync(DartDoc doc, ReportFolder folder, WorkOrderKey? key, int[] workOrders, bool unmatched, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO dart_report_docs (doc_id, folder, folder_phase, title, html_url, key_phase, key_task, work_orders, unmatched, seen_at)
            VALUES ({doc.Id}, {folder.Title}, {folder.Phase}, {doc.Title}, {doc.HtmlUrl}, {key?.Phase}, {key?.Task}, {workOrders}, {unmatched}, {now})
            ON CONFLICT (doc_id) DO UPDATE SET
                folder = EXCLUDED.folder, folder_phase = EXCLUDED.folder_phase, title = EXCLUDED.title, html_url = EXCLUDED.html_url,
                key_phase = EXCLUDED.key_phase, key_task = EXCLUDED.key_task, unmatched = EXCLUDED.unmatched, seen_at = EXCLUDED.seen_at,
                work_orders = ARRAY(SELECT DISTINCT w FROM unnest(dart_report_docs.work_orders || EXCLUDED.work_orders) AS w ORDER BY w)
            """, cancellationToken);

    public Task SetMatchedAsync(string docId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"UPDATE dart_report_docs SET unmatched = false WHERE doc_id = {docId}", cancellationToken);

    /// <summary>Unmatched docs whose key a work order now has (in their folder's phase): they become its deliverables.</summary>
    public Task<List<MatchedDoc>> NowMatchedAsync(CancellationToken cancellationToken) =>
        db.Database.SqlQuery<MatchedDoc>($"""
            SELECT d.doc_id, d.folder, d.folder_phase, d.title, d.html_url
            FROM dart_report_docs d
            WHERE d.unmatched AND (d.folder_phase IS NULL OR d.folder_phase = d.key_phase)
              AND EXISTS (SELECT 1 FROM v7_subworkflow_tasks t WHERE t.parent_phase = d.key_phase AND t.task_number = d.key_task)
            ORDER BY d.folder, d.doc_id
            """).ToListAsync(cancellationToken);

    /// <summary>
    /// The work orders the targets may name (by key, or linked to a DART task a doc links), locked (FOR UPDATE, in id
    /// order as the reconciler locks them, so the two never deadlock) for the transaction.
    /// </summary>
    public Task<List<WorkOrderTask>> LockWorkOrdersAsync(IReadOnlyCollection<DocTarget> targets, CancellationToken cancellationToken)
    {
        var keys = targets.Select(t => t.Key).OfType<WorkOrderKey>().Distinct().ToArray();
        var phases = keys.Select(k => k.Phase).ToArray();
        var numbers = keys.Select(k => k.Task).ToArray();
        var dartIds = targets.SelectMany(t => t.TaskIds).Distinct(StringComparer.Ordinal).ToArray();
        return db.Tasks.FromSql($"""
                SELECT * FROM v7_subworkflow_tasks WHERE id IN (
                    SELECT t.id FROM v7_subworkflow_tasks t
                    JOIN unnest({phases}, {numbers}) AS k(phase, task) ON t.parent_phase = k.phase AND t.task_number = k.task
                    UNION SELECT id FROM v7_subworkflow_tasks WHERE dart_task_id = ANY({dartIds}))
                ORDER BY id FOR UPDATE
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    private sealed record FolderRow(string[] DocOrder);

    private sealed record TitleRow(string DocId, string Title);
}

/// <summary>A report folder as last read (<see cref="ReportDocStore.LoadAsync"/>).</summary>
internal sealed record SeenFolder(IReadOnlyList<string> Order, IReadOnlyDictionary<string, string> Titles);

/// <summary>A doc once unmatched whose work order exists now.</summary>
internal sealed record MatchedDoc(string DocId, string Folder, int? FolderPhase, string Title, string HtmlUrl);
