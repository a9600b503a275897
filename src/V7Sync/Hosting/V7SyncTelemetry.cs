using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace V7Sync.Hosting;

/// <summary>The one place that names V7Sync's traces and metrics, so registration and use cannot drift apart.</summary>
internal static class V7SyncTelemetry
{
    public const string ServiceName = "v7sync";

    public static readonly ActivitySource ActivitySource = new(ServiceName);

    public static readonly Meter Meter = new(ServiceName);

    /// <summary>The current trace id, recorded on audit rows so a change can be followed back to its trace.</summary>
    public static string? CurrentTraceId => Activity.Current?.TraceId.ToString();
}
