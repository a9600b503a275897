using V7Sync.Hosting;

namespace V7Sync.Dart;

/// <summary>
/// DART failing (unreachable, 429/5xx, timing out, the breaker open) as one episode for the whole client: the first
/// retry or failed call says it, the next answer that is not a fault says it is over with the count in between.
/// Polly's own per-retry logs are off (appsettings.json: Polly None); this replaces them.
/// </summary>
internal sealed class DartOutage(ILogger<DartOutage> logger, TimeProvider time)
{
    public FaultEpisode Episode { get; } = new(logger, time, "DART client",
        "DART is failing, calls are retried with backoff", "DART answers again", "retry(ies) and failed call(s)");
}
