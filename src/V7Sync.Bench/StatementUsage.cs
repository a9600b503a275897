using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using V7Sync.Sandbox;

namespace V7Sync.Bench;

/// <summary>
/// What a stretch of work cost PostgreSQL, statement by statement (pg_stat_statements, reset at the start): where the
/// database's time and WAL go per event, the triggers' statements included (track = all, shown as nested).
/// </summary>
internal sealed partial class StatementUsage
{
    /// <summary>What a bench prints when asked for statements it cannot have.</summary>
    public const string NotAvailable = "Statements: not available (the database is not the bench's own, or the server has no pg_stat_statements)";

    private readonly NpgsqlDataSource _dataSource;

    private StatementUsage(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <summary>
    /// Loads pg_stat_statements into <paramref name="cluster"/> (a restart, as a preloaded module needs) with the
    /// statements that triggers and functions run tracked too; false when the server lacks the module.
    /// </summary>
    public static async Task<bool> TryEnableAsync(PrivatePostgres cluster, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using (var available = dataSource.CreateCommand("SELECT EXISTS (SELECT FROM pg_available_extensions WHERE name = 'pg_stat_statements')"))
        {
            if (!(bool)(await available.ExecuteScalarAsync(cancellationToken))!)
            {
                return false;
            }
        }

        await ExecuteAsync(dataSource, "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'", cancellationToken);
        await cluster.StopAsync(cancellationToken);
        await cluster.RestartAsync(cancellationToken);
        dataSource.Clear(); // its idle connections died with the server
        await ExecuteAsync(dataSource, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements", cancellationToken);
        await ExecuteAsync(dataSource, "ALTER SYSTEM SET pg_stat_statements.track = 'all'", cancellationToken);
        await ExecuteAsync(dataSource, "SELECT pg_reload_conf()", cancellationToken);
        return true;
    }

    /// <summary>Null when the server has no pg_stat_statements loaded (a server the bench did not start).</summary>
    public static async Task<StatementUsage?> StartAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await using var reset = dataSource.CreateCommand("SELECT pg_stat_statements_reset()");
            await reset.ExecuteNonQueryAsync(cancellationToken);
            return new StatementUsage(dataSource);
        }
        catch (PostgresException)
        {
            return null;
        }
    }

    /// <summary>The database's time per <paramref name="unit"/> (event, task) since the start, and the <paramref name="count"/> costliest statements.</summary>
    public async Task PrintAsync(TextWriter output, int count, int events, string unit, CancellationToken cancellationToken)
    {
        var total = await TotalMillisecondsAsync(cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    SQL all top-level statements: {total / Math.Max(1, events):0.000} ms per {unit}"));
        // A statement under a microsecond an event is the bench's own reading, not the run's work.
        foreach (var share in (await TopAsync(count, cancellationToken)).Where(s => s.TotalMilliseconds / Math.Max(1, events) >= 0.001))
        {
            output.WriteLine($"    SQL {share.Describe(events, unit)}");
        }
    }

    /// <summary>The <paramref name="count"/> statements of this database that took most time since the start.</summary>
    private async Task<IReadOnlyList<StatementShare>> TopAsync(int count, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT s.toplevel, s.calls, s.rows, s.total_exec_time, s.wal_bytes::bigint, s.query
            FROM pg_stat_statements s
            WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY s.total_exec_time DESC LIMIT $1
            """);
        command.Parameters.AddWithValue(count);
        var shares = new List<StatementShare>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            shares.Add(new StatementShare(
                reader.GetBoolean(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetInt64(4), OneLine(reader.GetString(5))));
        }

        return shares;
    }

    /// <summary>Milliseconds of all top-level statements of this database since the start (nested ones are inside them).</summary>
    private async Task<double> TotalMillisecondsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT coalesce(sum(total_exec_time), 0) FROM pg_stat_statements
            WHERE toplevel AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            """);
        return (double)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string OneLine(string query)
    {
        var line = Whitespace().Replace(query, " ").Trim();
        return line.Length <= 100 ? line : line[..100] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>One statement's share of a stretch: its time, calls, rows and WAL.</summary>
internal sealed record StatementShare(bool TopLevel, long Calls, long Rows, double TotalMilliseconds, long WalBytes, string Query)
{
    public string Describe(int events, string unit) => string.Create(CultureInfo.InvariantCulture,
        $"{TotalMilliseconds / Math.Max(1, events):0.000} ms per {unit}, {Calls:N0} calls, {Rows / (double)Math.Max(1, Calls):0.0} rows a call, {WalBytes / (double)Math.Max(1, events):N0} B of WAL per {unit}{(TopLevel ? "" : " (in a trigger or function)")}: {Query}");
}
