using Npgsql;

namespace V7Sync.Sync;

/// <summary>
/// Only one replica walks DART at a time: a PostgreSQL session advisory lock, held on its own connection for the
/// whole cycle. If the replica dies, its connection closes and the lock is released with it.
/// </summary>
internal sealed class PollLock(NpgsqlDataSource dataSource)
{
    /// <summary>An arbitrary constant that names "the V7Sync DART poll" among the database's advisory locks.</summary>
    private const long LockKey = 0x7637_5379_6E63_01;

    public async Task<IAsyncDisposable?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.AddWithValue(LockKey);
        if (await command.ExecuteScalarAsync(cancellationToken) is true)
        {
            return new Held(connection);
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // Unlock explicitly: the pooled connection outlives this cycle, and so would a session lock.
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection))
            {
                command.Parameters.AddWithValue(LockKey);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }

            await connection.DisposeAsync();
        }
    }
}
