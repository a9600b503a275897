using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>
/// The guide's §8.3 "stale in-progress tasks": in_progress with started_at before @stale_before (now minus
/// Jobs:StaleAfter, passed in so that tests control the clock). One finding and one stale_flagged row per episode;
/// the task moving on resolves it with stale_cleared.
/// </summary>
internal sealed class StaleInProgressRule : IIntegrityRule
{
    public string Name => FindingRules.StaleInProgress;

    public string Sql { get; } = FindingWriter.RuleStatement($"""
            SELECT t.id::text AS subject, t.id AS task_id, NULLIF(btrim(t.dart_task_id), '') AS dart_task_id,
                   {TaskSql.Label()} || format(' has been in progress since %s (%s days)',
                       to_char(t.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"'),
                       floor(extract(epoch FROM (@now - t.started_at)) / 86400)::int) AS message,
                   jsonb_build_object('started_at', t.started_at) AS detail
            FROM v7_subworkflow_tasks t
            WHERE t.status = 'in_progress' AND t.started_at < @stale_before
            """,
        AuditActions.StaleFlagged, AuditActions.StaleCleared);
}
