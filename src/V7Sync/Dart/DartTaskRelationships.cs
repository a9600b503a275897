namespace V7Sync.Dart;

/// <summary>The ids a DART task is related to (full records only).</summary>
public sealed record DartTaskRelationships(
    IReadOnlyList<string>? SubtaskIds,
    IReadOnlyList<string>? BlockerIds,
    IReadOnlyList<string>? BlockingIds,
    IReadOnlyList<string>? DuplicateIds,
    IReadOnlyList<string>? RelatedIds);
