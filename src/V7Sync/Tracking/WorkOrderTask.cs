namespace V7Sync.Tracking;

/// <summary>A row of v7_subworkflow_tasks: one work order, the unit a DART task is linked to.</summary>
public sealed class WorkOrderTask
{
    public int Id { get; set; }

    public int ParentPhase { get; set; }

    public int TaskNumber { get; set; }

    public required string TaskName { get; set; }

    public string? ResponsiblePersona { get; set; }

    public string Status { get; set; } = TaskStatuses.Pending;

    /// <summary>Who set <see cref="Status"/>: the conductor (any SQL) or V7Sync from DART; kept by a trigger (migration 005).</summary>
    public string StatusOrigin { get; set; } = StatusOrigins.Conductor;

    public string? DartTaskId { get; set; }

    public string? DartTaskUrl { get; set; }

    /// <summary>The raw DART status title last applied, kept apart from the mapped tracking status.</summary>
    public string? DartStatus { get; set; }

    /// <summary>The version guard: DART's updatedAt of the last snapshot applied.</summary>
    public DateTimeOffset? DartUpdatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public List<int> Dependencies { get; set; } = [];

    public List<string> DeliverableUrls { get; set; } = [];

    /// <summary>DART's assignees of the linked task (names or emails), as the last applied snapshot had them.</summary>
    public List<string> DartAssignees { get; set; } = [];

    public string Notes { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The work-order key people use, "P1.T3".</summary>
    public string WorkOrderKey => $"P{ParentPhase}.T{TaskNumber}";
}
