using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace V7Sync.Dart;

/// <summary>
/// What the last conversation with DART showed. A rejected token leaves the service running (webhooks still
/// arrive, the poller retries every interval) but reports readiness as degraded until a request succeeds again.
/// </summary>
public sealed class DartHealth : IHealthCheck
{
    private volatile string? _problem;

    public bool TokenRejected => _problem is not null;

    public void ReportTokenRejected(int statusCode) =>
        _problem = $"DART rejected the API token (HTTP {statusCode}); check Dart:Token.";

    public void ReportHealthy() => _problem = null;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_problem is { } problem
            ? HealthCheckResult.Degraded(problem)
            : HealthCheckResult.Healthy("DART accepted the last request."));
}
