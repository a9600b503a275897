using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity;

/// <summary>
/// The two statement shapes every rule is built from. Each is a single statement of data-modifying CTEs: all parts
/// see one snapshot and commit together, so an opening and its audit row cannot be split, and a concurrent run
/// (another replica's job, `v7sync check`) cannot open the same finding twice: the partial unique index
/// uq_v7_sync_findings_open makes the second INSERT a no-op, and a no-op writes no audit row.
/// </summary>
internal static class FindingsSql
{
    /// <summary>
    /// A rule that raises its own findings. <paramref name="find"/> is a query returning one row per violation with
    /// the columns subject (text, unique), task_id (int), dart_task_id (text), message (text) and detail (jsonb).
    /// A subject found and not open opens a finding (audited <paramref name="openedAction"/>); found and open
    /// refreshes last_seen_at, message and detail; open and no longer found resolves (audited <paramref name="resolvedAction"/>).
    /// </summary>
    public static string Raise(string find, string openedAction = AuditActions.IntegrityViolation,
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
            INSERT INTO v7_sync_findings (rule, subject, task_id, dart_task_id, message, detail, first_seen_at, last_seen_at)
            SELECT @rule, found.subject, found.task_id, found.dart_task_id, found.message, found.detail, @now, @now
            FROM found
            WHERE NOT EXISTS (SELECT 1 FROM v7_sync_findings f WHERE f.rule = @rule AND f.status = 'open' AND f.subject = found.subject)
            ON CONFLICT (rule, subject) WHERE status = 'open' DO NOTHING
            RETURNING id, subject, task_id, dart_task_id, message, detail
        ),
        {Resolve("NOT EXISTS (SELECT 1 FROM found WHERE found.subject = f.subject)")},
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
    /// A rule over findings another component raises (the reconciler's dart_task_unlinked, for one): it never opens
    /// them, it only resolves the open ones for which <paramref name="noLongerTrue"/> (a predicate on <c>f</c>) holds.
    /// </summary>
    public static string ResolveOnly(string noLongerTrue) =>
        $"""
        WITH {Resolve(noLongerTrue)},
        audited AS (
            {AuditInsert}
            {AuditRows("resolved", AuditActions.IntegrityResolved)}
        )
        SELECT ((SELECT count(*) FROM v7_sync_findings WHERE rule = @rule AND status = 'open') - (SELECT count(*) FROM resolved))::int,
               0, 0, (SELECT count(*) FROM resolved)::int
        """;

    private static string Resolve(string predicate) =>
        $"""
        resolved AS (
            UPDATE v7_sync_findings f
            SET status = 'resolved', resolved_at = @now
            WHERE f.rule = @rule AND f.status = 'open' AND ({predicate})
            RETURNING f.id, f.subject, f.task_id, f.dart_task_id, f.message, f.detail
        )
        """;

    private const string AuditInsert = "INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, dart_task_id, detail, trace_id)";

    // The action is one of the AuditActions constants, never input, so it is safe to inline.
    private static string AuditRows(string from, string action) =>
        $"""
            SELECT @now, @source, '{action}', task_id, dart_task_id,
                   jsonb_build_object('rule', @rule::text, 'subject', subject, 'finding_id', id, 'message', message, 'finding', detail),
                   @trace_id
            FROM {from}
        """;
}
