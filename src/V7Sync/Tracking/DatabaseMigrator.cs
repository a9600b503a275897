using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using V7Sync.Hosting;

namespace V7Sync.Tracking;

/// <summary>Brings the tracking database up to date: pending migrations, then the seven phases (seeded once).</summary>
internal sealed class DatabaseMigrator(TrackingDbContext db, IOptions<TrackingOptions> options, ILogger<DatabaseMigrator> logger)
{
    public async Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken)
    {
        using var activity = V7SyncTelemetry.ActivitySource.StartActivity("tracking.migrate");
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
        {
            logger.MigrationsApplied(pending.Count, string.Join(", ", pending));
        }
        else
        {
            logger.MigrationsUpToDate();
        }

        var seeded = await SeedPhasesAsync(cancellationToken);
        if (seeded > 0)
        {
            logger.PhasesSeeded(seeded);
        }

        return new MigrationReport(pending, seeded);
    }

    private async Task<int> SeedPhasesAsync(CancellationToken cancellationToken)
    {
        // ON CONFLICT: a phase that exists keeps the conductor's name and state; seeding never overwrites.
        var names = options.Value.EffectivePhaseNames.ToArray();
        return await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO v7_migration_workflow (phase_number, phase_name)
            SELECT ordinality::integer, name FROM unnest({names}) WITH ORDINALITY AS phase(name, ordinality)
            ON CONFLICT (phase_number) DO NOTHING
            """,
            cancellationToken);
    }
}
