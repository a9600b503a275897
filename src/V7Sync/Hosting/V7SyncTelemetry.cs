using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace V7Sync.Hosting;

/// <summary>The one place that names V7Sync's traces and metrics, so registration and use cannot drift apart.</summary>
internal static class V7SyncTelemetry
{
    public const string ServiceName = "v7sync";

    public static readonly ActivitySource ActivitySource = new(ServiceName);

    public static readonly Meter Meter = new(ServiceName);

    /// <summary>Bucket bounds in seconds, from a fast acknowledgement to a DART call that waited out its retries.</summary>
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    };

    /// <summary>
    /// A duration histogram in seconds: unit "s", so Prometheus's scrape names it &lt;name&gt;_seconds; buckets for
    /// seconds (the SDK's default ones are for milliseconds).
    /// </summary>
    public static Histogram<double> SecondsHistogram(string name, string description) =>
        Meter.CreateHistogram(name, "s", description, tags: null, advice: SecondsBuckets);

    /// <summary>The current trace id, recorded on audit rows so a change can be followed back to its trace.</summary>
    public static string? CurrentTraceId => Activity.Current?.TraceId.ToString();
}
