using Microsoft.EntityFrameworkCore;
using V7Sync.Dart;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Deliverables;

/// <summary>
/// The doc links of comment.created webhooks that arrived before their task was linked to a work order: kept
/// (dart_pending_comment_links) and applied once some row is linked to that DART task, whichever path linked it (a
/// snapshot by key, V7Sync's create, the conductor's SQL): after every webhook batch of snapshots and every sync cycle.
/// </summary>
internal sealed class PendingCommentLinks(TrackingDbContext db, ITaskReconciler reconciler)
{
    public Task KeepAsync(DartComment comment, IReadOnlyCollection<string> links, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO dart_pending_comment_links (comment_id, dart_task_id, urls)
            VALUES ({comment.Id}, {comment.TaskId}, {links.ToArray()})
            ON CONFLICT (comment_id) DO NOTHING
            """, cancellationToken);

    /// <summary>Applies the kept links whose task is linked now (as the webhook would have), then forgets them.</summary>
    /// <returns>The audit rows written.</returns>
    public async Task<int> ApplyLinkedAsync(string source, CancellationToken cancellationToken)
    {
        var due = await db.Database.SqlQuery<KeptLink>($"""
            SELECT p.comment_id, p.dart_task_id, p.urls FROM dart_pending_comment_links p
            WHERE EXISTS (SELECT 1 FROM v7_subworkflow_tasks t WHERE t.dart_task_id = p.dart_task_id)
            ORDER BY p.received_at, p.comment_id
            """).ToListAsync(cancellationToken);
        var audits = 0;
        foreach (var task in due.GroupBy(p => p.DartTaskId, StringComparer.Ordinal))
        {
            // Applied, then forgotten: a crash between the two applies them again, which adds nothing twice.
            audits += (await reconciler.AddDeliverablesAsync(task.Key, [.. task.SelectMany(p => p.Urls)], source, cancellationToken)).AuditRows;
            var comments = task.Select(p => p.CommentId).ToArray();
            await db.Database.ExecuteSqlAsync($"DELETE FROM dart_pending_comment_links WHERE comment_id = ANY({comments})", cancellationToken);
        }

        return audits;
    }

    private sealed record KeptLink(string CommentId, string DartTaskId, string[] Urls);
}
