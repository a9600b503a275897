using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>Two or more rows linked to one DART task (the index on dart_task_id is deliberately not unique).</summary>
internal sealed class DuplicateDartLinkRule : IIntegrityRule
{
    public string Name => FindingRules.DuplicateDartLink;

    public string Sql { get; } = FindingWriter.RuleStatement($"""
        SELECT t.dart_task_id AS subject, NULL::int AS task_id, t.dart_task_id,
               format('DART task %s is linked to %s rows: %s', t.dart_task_id, count(*),
                   string_agg({TaskSql.Key("t")}, ', ' ORDER BY t.id)) AS message,
               jsonb_build_object('task_ids', jsonb_agg(t.id ORDER BY t.id)) AS detail
        FROM v7_subworkflow_tasks t
        -- Count first, describe after: the messages are built only for the few DART ids linked twice.
        WHERE t.dart_task_id IN (
            SELECT dart_task_id FROM v7_subworkflow_tasks
            WHERE NULLIF(btrim(dart_task_id), '') IS NOT NULL
            GROUP BY dart_task_id HAVING count(*) > 1)
        GROUP BY t.dart_task_id
        """);
}
