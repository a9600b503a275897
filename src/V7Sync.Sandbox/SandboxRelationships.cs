namespace V7Sync.Sandbox;

/// <summary>
/// DART's taskRelationships (full records only): ids of the tasks this one is related to. Blockers and blocking are
/// two views of one relation, so the store keeps them mirrored (<see cref="RelationshipMirror"/>).
/// </summary>
public sealed record SandboxRelationships
{
    public static readonly SandboxRelationships None = new();

    public IReadOnlyList<string> SubtaskIds { get; init; } = [];

    public IReadOnlyList<string> BlockerIds { get; init; } = [];

    public IReadOnlyList<string> BlockingIds { get; init; } = [];

    public IReadOnlyList<string> DuplicateIds { get; init; } = [];

    public IReadOnlyList<string> RelatedIds { get; init; } = [];

    /// <summary>The JSON names and values, in DART's order.</summary>
    public IEnumerable<(string Name, IReadOnlyList<string> Ids)> Kinds =>
    [
        ("subtaskIds", SubtaskIds), ("blockerIds", BlockerIds), ("blockingIds", BlockingIds),
        ("duplicateIds", DuplicateIds), ("relatedIds", RelatedIds),
    ];

    /// <summary>Value equality over the id lists (a record's own equality compares the list references).</summary>
    public bool SameAs(SandboxRelationships other) =>
        Kinds.Zip(other.Kinds).All(pair => pair.First.Ids.SequenceEqual(pair.Second.Ids, StringComparer.Ordinal));
}
