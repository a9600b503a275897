using System.Globalization;
using Npgsql;

namespace V7Sync.Bench;

/// <summary>
/// The WAL a stretch of work made the server write (pg_current_wal_insert_lsn), server-wide: on a durable server an
/// acknowledgement waits for its flush, and a flush takes longer the more WAL is behind it.
/// </summary>
internal sealed class WalUsage
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly decimal _start;
    private decimal? _end;

    private WalUsage(NpgsqlDataSource dataSource, decimal start) => (_dataSource, _start) = (dataSource, start);

    public static async Task<WalUsage> StartAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        new(dataSource, await ReadAsync(dataSource, cancellationToken));

    /// <returns>Bytes of WAL written since the start.</returns>
    public async Task<double> StopAsync(CancellationToken cancellationToken)
    {
        _end = await ReadAsync(_dataSource, cancellationToken);
        return (double)(_end.Value - _start);
    }

    /// <summary>
    /// After <see cref="StopAsync"/>: the relations (and record kinds) that wrote most of the stretch's WAL, read back
    /// from the WAL itself (pg_walinspect, which needs a superuser). Up to the flushed position: a stretch's last
    /// records may still be in memory, and PostgreSQL reads only what is on disk.
    /// </summary>
    public async Task<IReadOnlyList<WalShare>> TopSharesAsync(int count, CancellationToken cancellationToken)
    {
        var end = _end ?? throw new InvalidOperationException("Stop the measurement first.");
        await using (var extension = _dataSource.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_walinspect"))
        {
            await extension.ExecuteNonQueryAsync(cancellationToken);
        }

        // A record names its relation by file node (tablespace/database/relfilenode): named here when it is one of
        // this database's; an index's split or a commit record counts under its own kind.
        await using var command = _dataSource.CreateCommand("""
            SELECT coalesce(c.relname, f.node::text, '(no relation)'), w.resource_manager || '/' || w.record_type,
                   count(*), sum(w.record_length)::bigint
            FROM pg_get_wal_records_info('0/0'::pg_lsn + $1, least('0/0'::pg_lsn + $2, pg_current_wal_flush_lsn())) w
            LEFT JOIN LATERAL (SELECT (regexp_match(w.block_ref, 'rel \d+/\d+/(\d+)'))[1]::oid AS node) f ON true
            LEFT JOIN pg_class c ON c.relfilenode = f.node
            GROUP BY 1, 2 ORDER BY 4 DESC LIMIT $3
            """);
        command.Parameters.AddWithValue(_start);
        command.Parameters.AddWithValue(end);
        command.Parameters.AddWithValue(count);
        var shares = new List<WalShare>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            shares.Add(new WalShare(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return shares;
    }

    private static async Task<decimal> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')");
        return (decimal)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

/// <summary>One relation's records of one kind (e.g. Btree/INSERT_LEAF) in a stretch of WAL.</summary>
internal sealed record WalShare(string Relation, string RecordKind, long Records, long Bytes)
{
    public string Describe(int events) => string.Create(CultureInfo.InvariantCulture,
        $"{Relation} {RecordKind}: {Bytes / 1024.0 / 1024.0:0.00} MiB, {Records:N0} records, {Bytes / (double)Math.Max(1, events):0} bytes an event");
}
