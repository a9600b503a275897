using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace V7Sync.Tracking;

/// <summary>Ready means the tracking database answers and has every migration this build knows.</summary>
internal sealed class TrackingDatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TrackingDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("The tracking database is reachable and migrated.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending; run `v7sync migrate`.");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The message names the failure, never the connection string.
            return HealthCheckResult.Unhealthy($"The tracking database is unreachable: {ex.Message}");
        }
    }
}
