namespace V7Sync.Sandbox;

/// <summary>One move a persona made: the task as it now is, the status it left, the deliverable it attached and the report it filed.</summary>
public sealed record PersonaMove(string Persona, SandboxTask Task, string OldStatus, string? DeliverableUrl, string? ReportUrl = null);
