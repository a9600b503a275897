using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace V7Sync.Bench;

/// <summary>
/// Which types a stretch of this process allocated, from the runtime's own allocation sample (the GCAllocationTick
/// event, raised about once per 100 KB an allocation context hands out, naming the type that crossed the line). The
/// bytes per type are estimates proportional to the sample; the share of each is what the figure is for.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEventId = 10;
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> bytesByType = new(StringComparer.Ordinal);
    private volatile bool sampling;

    public void Start()
    {
        bytesByType.Clear();
        sampling = true;
    }

    public void Stop() => sampling = false;

    /// <summary>The <paramref name="top"/> types by sampled bytes so far, each with its share of the sample.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int top)
    {
        var total = Math.Max(1, bytesByType.Values.Sum());
        return [.. bytesByType.OrderByDescending(pair => pair.Value).Take(top).Select(pair => (pair.Key, pair.Value / (double)total))];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!sampling || eventData.EventId != AllocationTickEventId || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = payload[names.IndexOf("TypeName")] as string ?? "?";
        var amount = names.IndexOf("AllocationAmount64") is var at and >= 0 ? Convert.ToInt64(payload[at], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
