using Npgsql;

namespace V7Sync.Bench;

/// <summary>
/// The PostgreSQL settings a bench ran with, read back from the server (SHOW), so no figure can come from a server
/// that makes nothing durable without saying so.
/// </summary>
internal static class DurabilitySettings
{
    private static readonly string[] Names = ["fsync", "synchronous_commit", "full_page_writes", "wal_sync_method", "shared_buffers", "max_connections"];
    private static readonly string[] MustBeOn = ["fsync", "synchronous_commit", "full_page_writes"];

    /// <returns>One line "PostgreSQL 15.x: fsync=on, …"; "NOT DURABLE" is added when any of the three is off.</returns>
    public static async Task<string> DescribeAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        var durable = true;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var name in Names.Prepend("server_version"))
        {
            await using var command = new NpgsqlCommand($"SHOW {name}", connection);
            var value = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            durable &= !MustBeOn.Contains(name) || value == "on";
            values.Add($"{name}={value}");
        }

        return "PostgreSQL settings: " + string.Join(", ", values) + (durable ? " (durable)" : " — NOT DURABLE: the figures overstate");
    }
}
