using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace V7Sync.Hosting;

/// <summary>
/// The management port serves health and metrics and nothing else; the webhook port serves neither. Decided by the
/// port the connection came in on (<c>Connection.LocalPort</c>, which a client cannot forge, unlike the Host header
/// that RequireHost reads); an in-process test server has no port of its own, so there the Host header's counts.
/// </summary>
internal static class ManagementPort
{
    public const string MetricsPath = "/metrics";

    private static readonly PathString HealthPath = new("/healthz");

    public static bool IsManagementPath(PathString path) => path.StartsWithSegments(HealthPath) || path.StartsWithSegments(MetricsPath);

    /// <summary>Every request the wrong port is asked for is 404, before routing sees it.</summary>
    public static IApplicationBuilder UseManagementPort(this IApplicationBuilder app, int port) => app.Use((context, next) =>
    {
        var arrivedOn = context.Connection.LocalPort != 0 ? context.Connection.LocalPort : context.Request.Host.Port ?? (context.Request.IsHttps ? 443 : 80);
        if ((arrivedOn == port) != IsManagementPath(context.Request.Path))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    });

    /// <summary>Live: the process answers. Ready: every check tagged "ready" (database reachable and migrated, DART's token accepted).</summary>
    public static IEndpointRouteBuilder MapManagement(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = HostingExtensions.IsReadinessCheck });
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        return endpoints;
    }
}
