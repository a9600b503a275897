namespace V7Sync.Jobs.Integrity.Rules;

/// <summary>SQL fragments the task rules share, so every message names a task the way the conductor does.</summary>
internal static class TaskSql
{
    /// <summary>The work-order key and name of task alias <paramref name="t"/>: P1.T3 "Document all duplicate ENUMs".</summary>
    public static string Label(string t = "t") =>
        $"""format('P%s.T%s "%s"', {t}.parent_phase, {t}.task_number, {t}.task_name)""";

    /// <summary>The work-order key alone: P1.T3.</summary>
    public static string Key(string t) => $"('P' || {t}.parent_phase || '.T' || {t}.task_number)";

    /// <summary>For a finding <c>f</c> whose subject is a DART task id: some row is linked to that DART task.</summary>
    public const string SubjectIsLinked = "EXISTS (SELECT 1 FROM v7_subworkflow_tasks t WHERE t.dart_task_id = f.subject)";

    /// <summary>One row per dependency edge (task id → dependency id), read once as a set.</summary>
    public const string Edges = "SELECT t.id AS task_id, d AS dependency_id FROM v7_subworkflow_tasks t CROSS JOIN LATERAL unnest(t.dependencies) AS d";
}
