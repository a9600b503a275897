using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace V7Sync.Sandbox;

/// <summary>
/// Failures to answer instead of serving, per route ("POST /tasks"), for fault tests: DART rate-limiting (429 with
/// Retry-After) or down (5xx) for the next N requests, after which the route works again. A faulted request changes
/// nothing. Requests still count in <see cref="RequestCounters"/>; unauthorized ones get their 401 first.
/// </summary>
public sealed class SandboxFaults
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<SandboxFault>> _next = new(StringComparer.Ordinal);

    /// <summary>The next <paramref name="times"/> requests to <paramref name="route"/> get <paramref name="statusCode"/>.</summary>
    public void FailNext(string route, int times, int statusCode, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        lock (_gate)
        {
            if (!_next.TryGetValue(route, out var queue))
            {
                _next[route] = queue = new Queue<SandboxFault>();
            }

            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(new SandboxFault(statusCode, retryAfter));
            }
        }
    }

    /// <summary>Failures still to be answered on a route.</summary>
    public int Pending(string route)
    {
        lock (_gate)
        {
            return _next.TryGetValue(route, out var queue) ? queue.Count : 0;
        }
    }

    internal bool TryTake(string route, [NotNullWhen(true)] out SandboxFault? fault)
    {
        lock (_gate)
        {
            fault = null;
            return _next.TryGetValue(route, out var queue) && queue.TryDequeue(out fault);
        }
    }

    /// <summary>DRF's words for a throttled request, or a server error's.</summary>
    internal static Task WriteAsync(HttpContext ctx, SandboxFault fault)
    {
        var seconds = fault.RetryAfter is { } after ? (int)Math.Ceiling(after.TotalSeconds) : (int?)null;
        if (seconds is { } wait)
        {
            ctx.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        }

        var message = fault.StatusCode == StatusCodes.Status429TooManyRequests
            ? $"Request was throttled. Expected available in {seconds ?? 1} seconds."
            : "A server error occurred.";
        return SandboxResponse.Errors(ctx, fault.StatusCode, [message]);
    }
}
