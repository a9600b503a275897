namespace V7Sync.Sync;

/// <summary>The row's synced columns after a decision.</summary>
public sealed record TaskState(
    string Status,
    string DartTaskId,
    string? DartTaskUrl,
    string DartStatus,
    DateTimeOffset? DartUpdatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<string> DeliverableUrls,
    IReadOnlyList<string> DartAssignees);
