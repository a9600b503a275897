using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using V7Sync.Webhooks;
using DartSigner = V7Sync.Sandbox.WebhookSignature;

namespace V7Sync.Bench;

/// <summary>
/// The load side of the webhook benchmark, run in its own process so that it does not share the server's CPU
/// scheduler or thread pool: sends signed events over loopback with a fixed number in flight and times each
/// request until its answer: paced, from when it was due (so a slow server also delays what is queued behind it and
/// that wait is counted, not omitted); unpaced, from its send. A request that gets no answer (refused, reset, timed
/// out) is counted as failed and reported, and the run goes on.
/// </summary>
internal static class WebhookLoadGenerator
{
    /// <param name="rate">Events per second to offer (open loop: event n is due n/rate seconds in); 0 sends as fast as acknowledged.</param>
    public static async Task<LoadSummary> RunAsync(
        Uri url, string secret, int events, int tasks, int concurrency, double rate, DateTimeOffset start, CancellationToken cancellationToken)
    {
        // Everything is built before the clock starts: the load must not be limited by its own JSON or HMAC.
        var bodies = new byte[events][];
        var signatures = new string[events];
        for (var n = 0; n < events; n++)
        {
            bodies[n] = BenchEvents.Event(n, tasks, start);
            signatures[n] = DartSigner.Compute(secret, bodies[n]);
        }

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new double[events];
        var acknowledged = 0;
        var unanswered = 0;
        string? firstError = null;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < events)
            {
                var due = rate > 0 ? TimeSpan.FromSeconds(n / rate) : (TimeSpan?)null;
                if (due - clock.Elapsed is { Ticks: > 0 } early)
                {
                    await Task.Delay(early, cancellationToken);
                }

                using var content = new ByteArrayContent(bodies[n]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content, Version = HttpVersion.Version11 };
                request.Headers.Add(WebhookSignature.HeaderName, signatures[n]);
                var from = due ?? clock.Elapsed;
                try
                {
                    using var response = await client.SendAsync(request, cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    // The client's timeout is a TaskCanceledException too; only the caller's token ends the run.
                    Interlocked.Increment(ref unanswered);
                    Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
                }

                latencies[n] = (clock.Elapsed - from).TotalMilliseconds;
            }
        }, cancellationToken)));
        var elapsed = clock.Elapsed.TotalSeconds;

        Array.Sort(latencies);
        return new LoadSummary(events, acknowledged, events - acknowledged, elapsed,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1], unanswered, firstError);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
