namespace V7Sync.Deliverables;

/// <summary>What one cycle did for the deliverables outside task snapshots: report docs and comment links.</summary>
/// <param name="DocRequests">GET /docs/list requests: one per report folder in a quiet cycle.</param>
/// <param name="DocsFetched">Docs fetched in full (GET /docs/{id}): the new and changed ones.</param>
/// <param name="CommentRequests">GET /comments/list requests of the full resync's comment repair.</param>
/// <param name="AuditRows">Audit rows written (deliverables added, findings opened and resolved).</param>
public sealed record DeliverablesReport(int DocRequests, int DocsFetched, int CommentRequests, int AuditRows)
{
    public static readonly DeliverablesReport Empty = new(0, 0, 0, 0);

    public DeliverablesReport Add(DeliverablesReport other) => new(
        DocRequests + other.DocRequests, DocsFetched + other.DocsFetched, CommentRequests + other.CommentRequests, AuditRows + other.AuditRows);
}
