using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using V7Sync.Dart;

namespace V7Sync.Tracking;

/// <summary>
/// The one writer of v7_sync_findings: it opens a finding (once per rule and subject: the partial unique index
/// uq_v7_sync_findings_open makes a second opening by another replica a no-op), refreshes and resolves it, and audits
/// each, with the same statements whoever writes. The reconciler uses an instance, bound to its unit of work (its
/// audit rows go into that transaction's COPY); the integrity rules are built from <see cref="RuleStatement"/> and
/// <see cref="ResolveOnlyStatement"/>, single set-based statements that audit in the same statement.
/// </summary>
internal sealed class FindingWriter(TrackingDbContext db, TrackingWriter writes)
{
    private const string Insert = "INSERT INTO v7_sync_findings (rule, subject, task_id, dart_task_id, message, detail, first_seen_at, last_seen_at)";

    private const string OnConflictOpen = "ON CONFLICT (rule, subject) WHERE status = 'open'";

    private const string AuditInsert = "INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, detail, trace_id)";

    /// <summary>Which (rule, subject) pairs are open among <paramref name="subjects"/>.</summary>
    public async Task<HashSet<(string Rule, string Subject)>> ReadOpenAsync(string[] subjects, CancellationToken cancellationToken)
    {
        var open = await db.Findings
            .Where(f => f.Status == "open" && subjects.Contains(f.Subject))
            .Select(f => new { f.Rule, f.Subject })
            .ToListAsync(cancellationToken);
        return open.Select(f => (f.Rule, f.Subject)).ToHashSet();
    }

    /// <summary>The fingerprints (detail.fingerprint) of the open <paramref name="rule"/> findings among <paramref name="fingerprints"/>.</summary>
    public async Task<HashSet<string>> ReadOpenFingerprintsAsync(string rule, string[] fingerprints, CancellationToken cancellationToken) =>
        fingerprints.Length == 0
            ? []
            : (await db.Database.SqlQuery<string>($"""
                SELECT detail->>'fingerprint' AS "Value" FROM v7_sync_findings
                WHERE rule = {rule} AND status = 'open' AND detail->>'fingerprint' = ANY({fingerprints})
                """).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Opens a finding whose opening the caller audits itself (as dart_task_unlinked, dart_task_deleted, …).</summary>
    public Task<int> OpenAsync(string rule, string subject, int? taskId, string? dartTaskId, string message, DateTimeOffset now,
        CancellationToken cancellationToken, string detail = "{}") =>
        // Opened a moment ago by another replica: that one stays, seen again now.
        db.Database.ExecuteSqlRawAsync($"""
            {Insert}
            VALUES (@rule, @subject, @task_id, @dart_task_id, @message, @detail::jsonb, @now, @now)
            {OnConflictOpen} DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
            """,
            [
                Parameter("rule", NpgsqlDbType.Text, rule), Parameter("subject", NpgsqlDbType.Text, subject),
                Parameter("task_id", NpgsqlDbType.Integer, taskId), Parameter("dart_task_id", NpgsqlDbType.Text, dartTaskId),
                Parameter("message", NpgsqlDbType.Text, message), Parameter("detail", NpgsqlDbType.Text, detail),
                Parameter("now", NpgsqlDbType.TimestampTz, now),
            ],
            cancellationToken);

    /// <summary>
    /// Opens a finding audited as integrity_violation with the rule and the reason, as a key conflict is;
    /// <paramref name="facts"/> (what the conductor needs to decide, e.g. both states of a status conflict) go into
    /// the finding's detail and the audit row's.
    /// </summary>
    public Task<int> RaiseAsync(string rule, string subject, int? taskId, string? dartTaskId, string message, string reason,
        string source, DateTimeOffset now, CancellationToken cancellationToken, string? fingerprint = null, object? facts = null)
    {
        writes.Audit(source, AuditActions.IntegrityViolation, taskId, dartTaskId, null, null, null, now, new { rule, subject, reason, fingerprint, facts });
        var detail = JsonSerializer.Serialize(new { reason, fingerprint, facts }, DartJson.Options);
        return OpenAsync(rule, subject, taskId, dartTaskId, message, now, cancellationToken, detail);
    }

    /// <summary>Resolves the open <paramref name="rule"/> finding on <paramref name="subject"/>, if there is one.</summary>
    public Task<int> ResolveAsync(string rule, string subject, string source, DateTimeOffset now, CancellationToken cancellationToken) =>
        AuditResolvedAsync(Resolve("f.subject = @subject", "f.*"), source, now, cancellationToken,
            Parameter("rule", NpgsqlDbType.Text, rule), Parameter("now", NpgsqlDbType.TimestampTz, now), Parameter("subject", NpgsqlDbType.Text, subject));

    /// <summary>
    /// Resolves every open <paramref name="rule"/> finding raised before <paramref name="openedBefore"/> whose subject is
    /// not in <paramref name="keep"/> nor its fingerprint in <paramref name="keepFingerprints"/>: what a complete walk of
    /// DART did not meet again.
    /// </summary>
    public Task<int> ResolveAllButAsync(string rule, string[] keep, string[] keepFingerprints, DateTimeOffset openedBefore, string source,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        AuditResolvedAsync(
            Resolve("f.first_seen_at < @opened_before AND NOT (f.subject = ANY(@keep)) AND NOT (COALESCE(f.detail->>'fingerprint', '') = ANY(@keep_prints))", "f.*"),
            source, now, cancellationToken,
            Parameter("rule", NpgsqlDbType.Text, rule), Parameter("now", NpgsqlDbType.TimestampTz, now),
            Parameter("opened_before", NpgsqlDbType.TimestampTz, openedBefore),
            Parameter("keep", NpgsqlDbType.Array | NpgsqlDbType.Text, keep), Parameter("keep_prints", NpgsqlDbType.Array | NpgsqlDbType.Text, keepFingerprints));

    /// <summary>
    /// The statement of a rule that raises its own findings. <paramref name="find"/> is a query returning one row per
    /// violation with the columns subject (text, unique), task_id (int), dart_task_id (text), message (text) and detail
    /// (jsonb). A subject found and not open opens a finding (audited <paramref name="openedAction"/>); found and open
    /// refreshes last_seen_at, message and detail; open and no longer found resolves (audited <paramref name="resolvedAction"/>).
    /// One statement of data-modifying CTEs: its parts see one snapshot and commit together, so an opening and its audit
    /// row cannot be split. Parameters: @rule, @now, @source, @trace_id (and whatever <paramref name="find"/> uses).
    /// </summary>
    public static string RuleStatement(string find, string openedAction = AuditActions.IntegrityViolation,
        string resolvedAction = AuditActions.IntegrityResolved) =>
        $"""
        WITH found AS MATERIALIZED (
        {find}
        ),
        refreshed AS (
            UPDATE v7_sync_findings f
            SET last_seen_at = @now, message = found.message, detail = f.detail || found.detail,
                task_id = found.task_id, dart_task_id = found.dart_task_id
            FROM found
            WHERE f.rule = @rule AND f.status = 'open' AND f.subject = found.subject
            RETURNING f.id
        ),
        opened AS (
            {Insert}
            SELECT @rule, found.subject, found.task_id, found.dart_task_id, found.message, found.detail, @now, @now
            FROM found
            WHERE NOT EXISTS (SELECT 1 FROM v7_sync_findings f WHERE f.rule = @rule AND f.status = 'open' AND f.subject = found.subject)
            {OnConflictOpen} DO NOTHING
            RETURNING id, subject, task_id, dart_task_id, message, detail
        ),
        resolved AS (
            {Resolve("NOT EXISTS (SELECT 1 FROM found WHERE found.subject = f.subject)")}
        ),
        audited AS (
            {AuditInsert}
            {AuditRows("opened", openedAction)}
            UNION ALL
            {AuditRows("resolved", resolvedAction)}
        )
        SELECT (SELECT count(*) FROM found)::int, (SELECT count(*) FROM opened)::int,
               (SELECT count(*) FROM refreshed)::int, (SELECT count(*) FROM resolved)::int
        """;

    /// <summary>
    /// The statement of a rule over findings another component raises (the reconciler's dart_task_unlinked, for one): it
    /// never opens them, it only resolves the open ones for which <paramref name="noLongerTrue"/> (a predicate on <c>f</c>) holds.
    /// </summary>
    public static string ResolveOnlyStatement(string noLongerTrue) =>
        $"""
        WITH resolved AS (
            {Resolve(noLongerTrue)}
        ),
        audited AS (
            {AuditInsert}
            {AuditRows("resolved", AuditActions.IntegrityResolved)}
        )
        SELECT ((SELECT count(*) FROM v7_sync_findings WHERE rule = @rule AND status = 'open') - (SELECT count(*) FROM resolved))::int,
               0, 0, (SELECT count(*) FROM resolved)::int
        """;

    /// <summary>Resolves the open @rule findings <c>f</c> for which <paramref name="predicate"/> holds, as of @now.</summary>
    private static string Resolve(string predicate, string returning = "f.id, f.subject, f.task_id, f.dart_task_id, f.message, f.detail") =>
        $"""
            UPDATE v7_sync_findings f
            SET status = 'resolved', resolved_at = @now
            WHERE f.rule = @rule AND f.status = 'open' AND ({predicate})
            RETURNING {returning}
        """;

    // The action is one of the AuditActions constants, never input, so it is safe to inline.
    private static string AuditRows(string from, string action) =>
        $"""
            SELECT @now, @source, '{action}', task_id, dart_task_id,
                   jsonb_build_object('rule', @rule::text, 'subject', subject, 'finding_id', id, 'message', message, 'finding', detail),
                   @trace_id
            FROM {from}
        """;

    /// <summary>Resolves in the open transaction and queues an integrity_resolved row per finding, shaped like the rules' rows.</summary>
    private async Task<int> AuditResolvedAsync(string resolve, string source, DateTimeOffset now, CancellationToken cancellationToken,
        params NpgsqlParameter[] parameters)
    {
        var resolved = await db.Findings.FromSqlRaw(resolve, parameters).AsNoTracking().ToListAsync(cancellationToken);
        foreach (var finding in resolved)
        {
            writes.Audit(source, AuditActions.IntegrityResolved, finding.TaskId, finding.DartTaskId, null, null, null, now, new
            {
                rule = finding.Rule,
                subject = finding.Subject,
                finding_id = finding.Id,
                message = finding.Message,
            });
        }

        return resolved.Count;
    }

    private static NpgsqlParameter Parameter(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };
}
