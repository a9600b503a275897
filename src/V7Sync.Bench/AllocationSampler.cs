using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

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
    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _sampling;

    public void Start()
    {
        _bytesByType.Clear();
        _sampling = true;
    }

    public void Stop() => _sampling = false;

    /// <summary>The <paramref name="top"/> types by sampled bytes so far, each with its share of the sample.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int top)
    {
        var total = Math.Max(1, _bytesByType.Values.Sum());
        return [.. _bytesByType.OrderByDescending(pair => pair.Value).Take(top).Select(pair => (pair.Key, pair.Value / (double)total))];
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
        if (!_sampling || eventData.EventId != AllocationTickEventId || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        // TypeName and AllocationAmount64 arrived together (the event's version 2; .NET 10 raises version 4).
        var (typeAt, amountAt) = (names.IndexOf("TypeName"), names.IndexOf("AllocationAmount64"));
        if (typeAt < 0 || amountAt < 0)
        {
            return;
        }

        var type = payload[typeAt] as string ?? "?";
        var amount = Convert.ToInt64(payload[amountAt], CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
