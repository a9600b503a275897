using V7Sync.Tracking;

namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>
/// A linked task whose DART assignees (dart_assignees, from the last applied snapshot) lack the DART user that
/// Dart:PersonaAssignees gives its responsible_persona, compared case-insensitively. A persona the map does not name is
/// no mismatch (persona_unmapped is about that), nor is a row no snapshot was applied to yet. @persona_assignees is the
/// map as a JSON object with lower-cased keys.
/// </summary>
internal sealed class AssigneeMismatchRule : IIntegrityRule
{
    public string Name => FindingRules.AssigneeMismatch;

    public string Sql { get; } = FindingWriter.RuleStatement($"""
        SELECT t.id::text AS subject, t.id AS task_id, t.dart_task_id,
               {TaskSql.Label()} || format(' is assigned in DART to %s, but Dart:PersonaAssignees gives %s for %s',
                   COALESCE(NULLIF(array_to_string(t.dart_assignees, ', '), ''), 'nobody'), m.assignee, t.responsible_persona) AS message,
               jsonb_build_object('dart_assignees', to_jsonb(t.dart_assignees), 'expected', m.assignee, 'persona', t.responsible_persona) AS detail
        FROM v7_subworkflow_tasks t
        CROSS JOIN LATERAL (SELECT @persona_assignees::jsonb ->> lower(t.responsible_persona) AS assignee) m
        WHERE NULLIF(btrim(t.dart_task_id), '') IS NOT NULL AND t.dart_updated_at IS NOT NULL AND m.assignee IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM unnest(t.dart_assignees) AS a WHERE lower(a) = lower(m.assignee))
        """);
}
