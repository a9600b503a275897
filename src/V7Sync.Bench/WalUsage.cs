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

    private WalUsage(NpgsqlDataSource dataSource, decimal start) => (_dataSource, _start) = (dataSource, start);

    public static async Task<WalUsage> StartAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        new(dataSource, await ReadAsync(dataSource, cancellationToken));

    /// <returns>Bytes of WAL written since the start.</returns>
    public async Task<double> StopAsync(CancellationToken cancellationToken) =>
        (double)(await ReadAsync(_dataSource, cancellationToken) - _start);

    private static async Task<decimal> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')");
        return (decimal)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
