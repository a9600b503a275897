using V7Sync.Dart;

namespace V7Sync.Sync;

/// <summary>What one cycle has seen so far; <paramref name="startedAt"/> tells the future stamps that move no watermark.</summary>
internal sealed class SyncWalk(SyncRules rules, DateTimeOffset startedAt)
{
    public DateTimeOffset StartedAt => startedAt;

    public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

    /// <summary>Subjects set aside in this walk (ids, and page@ positions for items without one).</summary>
    public HashSet<string> Met { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The fingerprints of the items without an id set aside in this walk (their positions shift): they have no id
    /// to count in <see cref="Seen"/>, but DART counted them all the same.
    /// </summary>
    public HashSet<string> MetFingerprints { get; } = new(StringComparer.Ordinal);

    public HashSet<string> SeenVersions { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Trashed { get; } = new(StringComparer.Ordinal);

    public int ListRequests { get; set; }

    public int Fetched { get; set; }

    /// <summary>How many tasks DART counted that the walk never saw (skipped by shifting offsets).</summary>
    public int Missed { get; set; }

    public DateTimeOffset? MaxUpdatedAt { get; private set; }

    public ReconcileSummary Reconciled { get; set; } = ReconcileSummary.Empty;

    /// <summary>Told after each applied page of the walk of live tasks (a verb's progress line), if anyone listens.</summary>
    public IProgress<SyncProgress>? Progress { get; init; }

    public TimeSpan ListTime { get; set; }

    public TimeSpan PlanTime { get; set; }

    public TimeSpan FetchTime { get; set; }

    public TimeSpan ApplyTime { get; set; }

    public SyncTimings Timings() => new(ListTime, PlanTime, FetchTime, ApplyTime);

    /// <summary>The newest updatedAt of a complete walk; an incomplete one re-reads from where it started.</summary>
    public DateTimeOffset? NextWatermark(DateTimeOffset? watermark) => Missed > 0 ? watermark : Later(watermark, MaxUpdatedAt);

    /// <summary>Records an item set aside; false when this walk met it already (offset paging repeats items).</summary>
    public bool Meet(UnreadableTask item)
    {
        var subjectIsNew = Met.Add(item.Subject);
        return item.Fingerprint is { } print ? MetFingerprints.Add(print) : subjectIsNew;
    }

    public void Observe(IEnumerable<DartTask> tasks, IEnumerable<UnreadableTask> unreadable)
    {
        foreach (var task in tasks)
        {
            Seen.Add(task.Id);
            Advance(task.UpdatedAt);
        }

        foreach (var item in unreadable)
        {
            if (item.DartTaskId is { } id)
            {
                Seen.Add(id);
            }

            Advance(item.UpdatedAt);
        }
    }

    private void Advance(DateTimeOffset? updatedAt)
    {
        if (!rules.IsFuture(updatedAt, startedAt))
        {
            MaxUpdatedAt = Later(MaxUpdatedAt, DartTimestamp.Microseconds(updatedAt));
        }
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
