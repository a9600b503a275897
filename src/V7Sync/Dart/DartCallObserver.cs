using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Refit;
using V7Sync.Hosting;

namespace V7Sync.Dart;

/// <summary>
/// The DART client's outermost handler: times every call, its retries included, as
/// v7sync_dart_request_duration_seconds{operation, outcome}, and reports DART's faults and answers to the one
/// <see cref="DartOutage"/> episode. 4xx answers are DART answering, not failing.
/// </summary>
internal sealed class DartCallObserver(DartOutage outage) : DelegatingHandler
{
    private static readonly Histogram<double> Duration = V7SyncTelemetry.SecondsHistogram(
        "v7sync.dart.request.duration", "DART API calls, retries included, by operation (the client method) and outcome");

    private static readonly HttpRequestOptionsKey<string> MethodName = new(HttpRequestMessageOptions.MethodName);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var operation = request.Options.TryGetValue(MethodName, out var name) ? name.Replace("Async", "", StringComparison.Ordinal) : "unknown";
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var failing = IsFault(response.StatusCode);
            Record(started, operation, failing ? $"http_{(int)response.StatusCode}" : (int)response.StatusCode < 400 ? "ok" : $"http_{(int)response.StatusCode}");
            if (failing)
            {
                outage.Episode.Fault($"DART answered {operation} with HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            else
            {
                outage.Episode.Recovered();
            }

            return response;
        }
        catch (Exception ex) when (DartFailure.IsDartFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            Record(started, operation, ex.GetType().Name switch
            {
                "TimeoutRejectedException" => "timeout",
                "BrokenCircuitException" => "circuit_open",
                _ => "unreachable",
            });
            outage.Episode.Fault(DartFailure.Describe(ex));
            throw;
        }
    }

    /// <summary>The answers the resilience pipeline retries: DART failing, not DART refusing.</summary>
    internal static bool IsFault(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static void Record(long started, string operation, string outcome) =>
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", outcome));
}
