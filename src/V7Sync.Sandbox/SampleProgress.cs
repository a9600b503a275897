namespace V7Sync.Sandbox;

/// <summary>How far a work order got: its DART status title, completion time and deliverable URLs.</summary>
public sealed record SampleProgress(string Status, DateTimeOffset? CompletedAt, IReadOnlyList<string> Deliverables);
