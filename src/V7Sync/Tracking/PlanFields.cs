namespace V7Sync.Tracking;

/// <summary>
/// The work-order fields the conductor owns (the plan), as dart_outbox.fields names them: the database pushes a
/// conductor's write to any of them to DART (migration 005, v7_plan_fields(); a test holds the two equal).
/// </summary>
public static class PlanFields
{
    public const string TaskName = "task_name";
    public const string ParentPhase = "parent_phase";
    public const string TaskNumber = "task_number";
    public const string ResponsiblePersona = "responsible_persona";
    public const string Dependencies = "dependencies";
    public const string Notes = "notes";
    public const string Status = "status";

    /// <summary>Every plan field, in v7_plan_fields() order.</summary>
    public static IReadOnlyList<string> All { get; } = [TaskName, ParentPhase, TaskNumber, ResponsiblePersona, Dependencies, Notes, Status];

    /// <summary>The fields DART's title is made of (Dart:TaskTitleFormat).</summary>
    public static IReadOnlyList<string> Title { get; } = [TaskName, ParentPhase, TaskNumber];
}
