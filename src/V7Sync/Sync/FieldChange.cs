namespace V7Sync.Sync;

/// <summary>One tracked field the decider sets, with the audit action that records it.</summary>
public sealed record FieldChange(string Action, string Field, string? OldValue, string? NewValue);
