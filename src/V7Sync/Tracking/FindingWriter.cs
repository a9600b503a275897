using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// The findings the reconciler keeps itself, in its open transaction: reads which are open, opens one (once per rule
/// and subject, whichever replica is first), and resolves them with an integrity_resolved audit row shaped like the
/// integrity job's (Jobs/Integrity/FindingsSql), so the conductor reads every resolution the same way.
/// </summary>
internal sealed class ReconcilerFindings(TrackingDbContext db, AuditBatch audit)
{
    public async Task<HashSet<(string Rule, string Subject)>> OpenAsync(string[] subjects, CancellationToken cancellationToken)
    {
        var open = await db.Findings
            .Where(f => f.Status == "open" && subjects.Contains(f.Subject))
            .Select(f => new { f.Rule, f.Subject })
            .ToListAsync(cancellationToken);
        return open.Select(f => (f.Rule, f.Subject)).ToHashSet();
    }

    /// <summary>The fingerprints (detail.fingerprint) of the open <paramref name="rule"/> findings among <paramref name="fingerprints"/>.</summary>
    public async Task<HashSet<string>> OpenFingerprintsAsync(string rule, string[] fingerprints, CancellationToken cancellationToken) =>
        fingerprints.Length == 0
            ? []
            : (await db.Database.SqlQuery<string>($"""
                SELECT detail->>'fingerprint' AS "Value" FROM v7_sync_findings
                WHERE rule = {rule} AND status = 'open' AND detail->>'fingerprint' = ANY({fingerprints})
                """).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    public Task<int> OpenAsync(string rule, string subject, int? taskId, string? dartTaskId, string message, DateTimeOffset now,
        CancellationToken cancellationToken, string detail = "{}") =>
        // ON CONFLICT: another replica may have opened the same finding a moment ago; one open row per rule and subject.
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO v7_sync_findings (rule, subject, task_id, dart_task_id, message, detail, first_seen_at, last_seen_at)
            VALUES ({rule}, {subject}, {taskId}, {dartTaskId}, {message}, {detail}::jsonb, {now}, {now})
            ON CONFLICT (rule, subject) WHERE status = 'open' DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
            """, cancellationToken);

    /// <summary>Opens a finding audited as integrity_violation with the rule and the reason, as a key conflict is.</summary>
    public Task<int> RaiseAsync(string rule, string subject, int? taskId, string? dartTaskId, string message, string reason,
        string source, DateTimeOffset now, CancellationToken cancellationToken, string? fingerprint = null)
    {
        audit.Add(source, AuditActions.IntegrityViolation, taskId, dartTaskId, null, null, null, now, new { rule, subject, reason, fingerprint });
        var detail = JsonSerializer.Serialize(new { reason, fingerprint }, DartJson.Options);
        return OpenAsync(rule, subject, taskId, dartTaskId, message, now, cancellationToken, detail);
    }

    /// <summary>Resolves the open <paramref name="rule"/> finding on <paramref name="subject"/>, if there is one.</summary>
    public Task<int> ResolveAsync(string rule, string subject, string source, DateTimeOffset now, CancellationToken cancellationToken) =>
        AuditResolvedAsync(db.Findings.FromSql($"""
            UPDATE v7_sync_findings SET status = 'resolved', resolved_at = {now}
            WHERE rule = {rule} AND subject = {subject} AND status = 'open'
            RETURNING *
            """), source, now, cancellationToken);

    /// <summary>
    /// Resolves every open <paramref name="rule"/> finding raised before <paramref name="openedBefore"/> whose subject is
    /// not in <paramref name="keep"/> nor its fingerprint in <paramref name="keepFingerprints"/>: what a complete walk of
    /// DART did not meet again.
    /// </summary>
    public Task<int> ResolveAllButAsync(string rule, string[] keep, string[] keepFingerprints, DateTimeOffset openedBefore, string source,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        AuditResolvedAsync(db.Findings.FromSql($"""
            UPDATE v7_sync_findings SET status = 'resolved', resolved_at = {now}
            WHERE rule = {rule} AND status = 'open' AND first_seen_at < {openedBefore} AND NOT (subject = ANY({keep}))
              AND NOT (COALESCE(detail->>'fingerprint', '') = ANY({keepFingerprints}))
            RETURNING *
            """), source, now, cancellationToken);

    private async Task<int> AuditResolvedAsync(IQueryable<SyncFinding> resolving, string source, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var resolved = await resolving.AsNoTracking().ToListAsync(cancellationToken);
        foreach (var finding in resolved)
        {
            audit.Add(source, AuditActions.IntegrityResolved, finding.TaskId, finding.DartTaskId, null, null, null, now, new
            {
                rule = finding.Rule,
                subject = finding.Subject,
                finding_id = finding.Id,
                message = finding.Message,
            });
        }

        return resolved.Count;
    }
}
