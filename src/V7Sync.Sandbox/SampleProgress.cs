namespace V7Sync.Sandbox;

/// <summary>
/// How far a work order got: its DART status title, completion time and deliverable URLs, and the id of its DART
/// task when the database holds one (V7Sync created it in an earlier run; null = the plan's own id, or none).
/// </summary>
public sealed record SampleProgress(string Status, DateTimeOffset? CompletedAt, IReadOnlyList<string> Deliverables, string? DartTaskId = null);
