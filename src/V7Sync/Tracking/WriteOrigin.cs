using Microsoft.EntityFrameworkCore;

namespace V7Sync.Tracking;

/// <summary>
/// Marks the open transaction as V7Sync's own write to the work orders (what it brings from DART, what it stores of
/// DART's answers). The outbox triggers of migration 005 capture only the conductor's writes, so nothing V7Sync writes
/// is pushed back to DART: no echo. Every V7Sync transaction that writes v7_subworkflow_tasks runs this first.
/// </summary>
internal static class WriteOrigin
{
    public const string MarkSql = "SET LOCAL v7sync.origin = 'dart'";

    public static Task MarkAsync(TrackingDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(MarkSql, cancellationToken);
}
