using System.Globalization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace V7Sync.Webhooks;

/// <summary>
/// What one webhook request may hold, with ASP.NET Core's own middleware: at most Webhooks:MaxConcurrentRequests in
/// flight (a concurrency limiter with no queue: the rest get 503 and Retry-After), each cut off after
/// Webhooks:RequestTimeout (503), and a body that must arrive at Kestrel's raised minimum data rate.
/// </summary>
internal static class WebhookLimits
{
    public const string Policy = "webhooks";

    /// <summary>Seconds DART is asked to wait before it sends again: an in-flight request takes milliseconds.</summary>
    public const int RetryAfterSeconds = 1;

    /// <summary>Kestrel measures the data rate only after this (it must exceed Kestrel's 1 s heartbeat).</summary>
    private static readonly TimeSpan DataRateGracePeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Kestrel's minimum request body data rate, raised from its default of 240 B/s after 5 s, which let a 1 MiB body
    /// trickle in for about 70 minutes. After <see cref="DataRateGracePeriod"/> a body must average 16 KiB/s: a DART
    /// delivery (a few KiB, sent at once) is in long before, a trickle is dropped in about 2 s, and
    /// Webhooks:RequestTimeout bounds whatever is left. Server-wide: the health endpoints take no body.
    /// </summary>
    public static readonly MinDataRate MinBodyDataRate = new(bytesPerSecond: 16 * 1024, gracePeriod: DataRateGracePeriod);

    public static IServiceCollection AddWebhookLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.OnRejected = (context, _) =>
            {
                WebhookMetrics.Reject("busy");
                return new ValueTask(Busy(context.HttpContext, "Too many webhook requests are in flight."));
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<WebhooksOptions>>((limiter, webhooks) =>
            limiter.AddConcurrencyLimiter(Policy, concurrency =>
            {
                concurrency.PermitLimit = webhooks.Value.MaxConcurrentRequests;
                concurrency.QueueLimit = 0;
            }));

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<WebhooksOptions>>((timeouts, webhooks) =>
            timeouts.AddPolicy(Policy, new RequestTimeoutPolicy
            {
                Timeout = webhooks.Value.RequestTimeout,
                TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
                WriteTimeoutResponse = context =>
                {
                    WebhookMetrics.Reject("timeout");
                    return Busy(context, $"The request took longer than Webhooks:RequestTimeout ({webhooks.Value.RequestTimeout:c}).");
                },
            }));
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MinRequestBodyDataRate = MinBodyDataRate);
        return services;
    }

    /// <summary>The middleware the group's limits need; endpoints without the policy (health) pass through untouched.</summary>
    public static IApplicationBuilder UseWebhookLimits(this IApplicationBuilder app) => app.UseRateLimiter().UseRequestTimeouts();

    public static RouteGroupBuilder WithWebhookLimits(this RouteGroupBuilder group)
    {
        group.RequireRateLimiting(Policy).WithRequestTimeout(Policy);
        return group;
    }

    /// <summary>503 with Retry-After and a problem body: not stored, send it again.</summary>
    private static Task Busy(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The webhook endpoint is busy.", detail: detail)
            .ExecuteAsync(context);
    }
}
