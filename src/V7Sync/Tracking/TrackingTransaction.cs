using Microsoft.EntityFrameworkCore.Storage;

namespace V7Sync.Tracking;

/// <summary>
/// One unit of work on the tracking database: a transaction, the writes queued for it (<see cref="Writes"/>) and the
/// findings it opens and resolves (<see cref="Findings"/>). Begun by each call and disposed with it, so a call that
/// fails midway (and rolls back) leaves nothing queued for the next, e.g. the webhook processor's one-by-one retry.
/// </summary>
internal sealed class TrackingTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction _transaction;

    private TrackingTransaction(TrackingDbContext db, IDbContextTransaction transaction)
    {
        _transaction = transaction;
        Writes = new TrackingWriter(db);
        Findings = new FindingWriter(db, Writes);
    }

    public TrackingWriter Writes { get; }

    public FindingWriter Findings { get; }

    /// <summary>A transaction that commits durably (the server's synchronous commit): for writes nothing would redo.</summary>
    public static async Task<TrackingTransaction> BeginAsync(TrackingDbContext db, CancellationToken cancellationToken) =>
        new(db, await db.Database.BeginTransactionAsync(cancellationToken));

    /// <summary>A transaction whose work is done again if a crash loses it (<see cref="ReplayableCommit"/>).</summary>
    public static async Task<TrackingTransaction> BeginReplayableAsync(TrackingDbContext db, CancellationToken cancellationToken)
    {
        var work = await BeginAsync(db, cancellationToken);
        await ReplayableCommit.MarkAsync(db, cancellationToken);
        return work;
    }

    /// <summary>Writes what is queued, set-based, then commits.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await Writes.WriteAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _transaction.DisposeAsync();
}
