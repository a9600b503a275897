namespace V7Sync.Sync;

/// <summary>What one reconcile call did. <see cref="SetAside"/>: tasks left as they were because they did not read or were refused.</summary>
public sealed record ReconcileSummary(int Snapshots, int TasksChanged, int AuditRows, int Stale, int Unlinked, int SetAside = 0)
{
    public static readonly ReconcileSummary Empty = new(0, 0, 0, 0, 0);

    public ReconcileSummary Add(ReconcileSummary other) => new(
        Snapshots + other.Snapshots, TasksChanged + other.TasksChanged, AuditRows + other.AuditRows,
        Stale + other.Stale, Unlinked + other.Unlinked, SetAside + other.SetAside);
}
