using Microsoft.EntityFrameworkCore;
using V7Sync.Tracking;

namespace V7Sync.Sync;

/// <summary>
/// The poll stream's row of dart_sync_state: the watermark, written only once a whole walk is committed, and the
/// facts operators watch (last success, last error). A quiet cycle writes nothing but a heartbeat now and then.
/// </summary>
internal sealed class SyncStateStore(TrackingDbContext db, TimeProvider time, ILogger<SyncStateStore> logger)
{
    /// <summary>A cycle that changes nothing still records that it succeeded, but no more often than this.</summary>
    private static readonly TimeSpan SuccessHeartbeat = TimeSpan.FromMinutes(5);

    public async Task<SyncState> LoadAsync(CancellationToken cancellationToken) =>
        await db.SyncStates.FindAsync([SyncState.PollStream], cancellationToken)
            ?? db.SyncStates.Add(new SyncState { Stream = SyncState.PollStream }).Entity;

    public async Task RecordSuccessAsync(SyncState state, SyncMode mode, DateTimeOffset? watermark, int tasksSeen, DateTimeOffset startedAt,
        CancellationToken cancellationToken)
    {
        var due = state.LastSuccessAt is not { } last || startedAt - last >= SuccessHeartbeat;
        // A quiet cycle writes nothing: no watermark move, no error to clear, no heartbeat due, not a full sync.
        if (watermark == state.Watermark && state.LastError is null && !due && mode == SyncMode.Incremental)
        {
            return;
        }

        state.Watermark = watermark;
        state.LastRunStartedAt = startedAt;
        state.LastSuccessAt = time.GetUtcNow();
        state.LastError = null;
        state.LastErrorAt = null;
        state.LastTasksSeen = tasksSeen;
        state.UpdatedAt = state.LastSuccessAt.Value;
        if (mode == SyncMode.Full)
        {
            state.LastFullSyncAt = state.LastSuccessAt;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Recording can fail too (the database may be what failed); the cycle's own error is the one to surface.</summary>
    public async Task TryRecordFailureAsync(string reason, CancellationToken cancellationToken)
    {
        try
        {
            await RecordFailureAsync(reason, cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            logger.SyncFailureNotRecorded(reason);
        }
    }

    private async Task RecordFailureAsync(string reason, CancellationToken cancellationToken)
    {
        // Only the failure facts change; the watermark keeps the last fully committed walk.
        db.ChangeTracker.Clear();
        var fresh = await db.SyncStates.FindAsync([SyncState.PollStream], CancellationToken.None)
            ?? db.SyncStates.Add(new SyncState { Stream = SyncState.PollStream, Watermark = null }).Entity;
        fresh.LastError = reason;
        fresh.LastErrorAt = time.GetUtcNow();
        fresh.UpdatedAt = fresh.LastErrorAt.Value;
        await db.SaveChangesAsync(cancellationToken);
    }
}
