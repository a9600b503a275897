using Npgsql;
using static System.FormattableString;

namespace V7Sync.Bench;

/// <summary>
/// The bench's PostgreSQL with its WAL files ready, as a server that has run a while has them. A fresh cluster creates
/// each 16 MiB WAL file when the last one fills, zero-filling and flushing it inside whichever commit needs it first,
/// so acknowledgements wait on it and the side that writes the most WAL waits the most (README, "Benchmarks"). A
/// running server recycles its files at each checkpoint instead; this makes the bench's cluster do the same before it
/// measures. Nothing about durability changes.
/// </summary>
internal static class WalFiles
{
    private const long SegmentBytes = 16L * 1024 * 1024;

    /// <summary>
    /// Fills and closes enough WAL files to hold <paramref name="expectedBytes"/>, then checkpoints, so the files come
    /// back as recycled ones ahead of the WAL; at most what max_wal_size lets a checkpoint keep. Returns the line to print.
    /// </summary>
    public static async Task<string> PrepareAsync(NpgsqlDataSource dataSource, long expectedBytes, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var maxWalBytes = await ScalarAsync<long>(connection, "SELECT setting::bigint * 1024 * 1024 FROM pg_settings WHERE name = 'max_wal_size'", cancellationToken);
            // A checkpoint keeps recycled files up to about half of max_wal_size ahead; ask for no more than that.
            var segments = (int)Math.Min(Math.Ceiling(expectedBytes / (double)SegmentBytes), maxWalBytes / SegmentBytes / 2);
            for (var i = 0; i < segments; i++)
            {
                // A WAL record of its own first: a switch with nothing written since the last one closes no file.
                await ExecuteAsync(connection, "SELECT pg_logical_emit_message(false, 'v7sync-bench', ''), pg_switch_wal()", cancellationToken);
            }

            await ExecuteAsync(connection, "CHECKPOINT", cancellationToken);
            var ready = await CountAsync(dataSource, cancellationToken);
            return Invariant($"WAL files: {ready} in pg_wal after filling {segments} and a checkpoint (recycled ahead, as on a server that has run a while; a fresh one zero-fills each new 16 MiB file inside a commit)");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return "WAL files: not prepared (not a superuser: new files may be zero-filled inside commits, which shows in p99)";
        }
    }

    /// <summary>The files in pg_wal (a recycled file is renamed, a new one adds one); null where it may not be listed.</summary>
    public static async Task<long?> CountAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await ScalarAsync<long>(connection, "SELECT count(*) FROM pg_ls_waldir() WHERE name ~ '^[0-9A-F]{24}$'", cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return null;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
