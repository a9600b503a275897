namespace V7Sync.Sync;

/// <summary>
/// Where a cycle spent its time: listing, planning (reads), fetching full records and applying (writes), which overlap
/// (a page is applied while the next is prepared); the walk's own wall time; and the deliverables after it (report
/// folders, and on a full resync the comment repair's one list request per open linked task).
/// </summary>
public sealed record SyncTimings(TimeSpan List, TimeSpan Plan, TimeSpan Fetch, TimeSpan Apply)
{
    public TimeSpan Walk { get; init; }

    public TimeSpan Deliverables { get; init; }

    public override string ToString() =>
        $"walk {Walk.TotalMilliseconds:N0} ms (list {List.TotalMilliseconds:N0} ms, plan {Plan.TotalMilliseconds:N0} ms, "
        + $"fetch {Fetch.TotalMilliseconds:N0} ms, apply {Apply.TotalMilliseconds:N0} ms, overlapping), deliverables {Deliverables.TotalMilliseconds:N0} ms";
}
