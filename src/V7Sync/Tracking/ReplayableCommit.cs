using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace V7Sync.Tracking;

/// <summary>
/// Work that is done again from a durable record if it is lost commits without waiting for its WAL flush: the inbox
/// processor's claims, outcomes and reconciles (the inbox rows were committed durably before DART was answered), and
/// the poller's pages (DART is read again from the watermark). PostgreSQL's WAL is one stream, so a crash can lose
/// only the newest of these commits, never one before a durable commit; what is lost is applied again. The webhook
/// endpoint's inserts and the push (whose DART calls cannot be taken back) keep the server's synchronous commit.
/// </summary>
internal static class ReplayableCommit
{
    /// <summary>For the current transaction only; PostgreSQL reads it at commit, so it may come anywhere in it.</summary>
    public const string Sql = "SELECT set_config('synchronous_commit', 'off', true)";

    /// <summary>Marks the open transaction of <paramref name="db"/>.</summary>
    public static Task MarkAsync(TrackingDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(Sql, cancellationToken);

    /// <summary>
    /// <paramref name="sql"/> as one implicit transaction that commits unflushed: the mark goes last, so a
    /// reader's first result is the command's own.
    /// </summary>
    public static NpgsqlBatch Batch(NpgsqlDataSource dataSource, string sql, params NpgsqlParameter[] parameters)
    {
        var batch = dataSource.CreateBatch();
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        batch.BatchCommands.Add(command);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Sql));
        return batch;
    }
}
