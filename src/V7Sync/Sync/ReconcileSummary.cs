namespace V7Sync.Sync;

/// <summary>What one reconcile call did. <see cref="SetAside"/>: tasks left as they were because they did not read or were refused.</summary>
public sealed record ReconcileSummary(int Snapshots, int TasksChanged, int AuditRows, int Stale, int Unlinked, int SetAside = 0)
{
    public static readonly ReconcileSummary Empty = new(0, 0, 0, 0, 0);

    /// <summary>
    /// The snapshots that changed nothing because a version as new or newer was applied: older ones
    /// (<see cref="Stale"/>) and repeats. News to nobody, so not audited: the webhook path marks their rows superseded.
    /// </summary>
    public IReadOnlyList<SupersededSnapshot> Superseded { get; init; } = [];

    public ReconcileSummary Add(ReconcileSummary other) => new(
        Snapshots + other.Snapshots, TasksChanged + other.TasksChanged, AuditRows + other.AuditRows,
        Stale + other.Stale, Unlinked + other.Unlinked, SetAside + other.SetAside)
    {
        Superseded = other.Superseded.Count == 0 ? Superseded : [.. Superseded, .. other.Superseded],
    };
}

/// <summary>A snapshot (the very instance handed in) that lost to <paramref name="AppliedVersion"/>, the updatedAt applied before it.</summary>
public sealed record SupersededSnapshot(Dart.DartTask Snapshot, DateTimeOffset? AppliedVersion);
