namespace V7Sync.Sync;

/// <summary>Where a cycle spent its time: listing, planning (reads), fetching full records, applying (writes).</summary>
public sealed record SyncTimings(TimeSpan List, TimeSpan Plan, TimeSpan Fetch, TimeSpan Apply)
{
    public override string ToString() =>
        $"list {List.TotalMilliseconds:N0} ms, plan {Plan.TotalMilliseconds:N0} ms, fetch {Fetch.TotalMilliseconds:N0} ms, apply {Apply.TotalMilliseconds:N0} ms";
}
