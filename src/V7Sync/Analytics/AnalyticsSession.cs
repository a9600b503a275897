using System.Data;
using System.Globalization;
using Npgsql;

namespace V7Sync.Analytics;

/// <summary>
/// A read of the analytics views: one read-only, repeatable-read transaction (every view sees the same snapshot)
/// in which v7_analytics_now() is the given time, so the views and the C# side agree on "today" whatever the
/// database clock says. JIT is off for that transaction only: each read runs in well under a second, and compiling a
/// plan the planner estimates past the JIT threshold (a larger history) would cost more than it saves.
/// </summary>
internal static class AnalyticsSession
{
    /// <param name="now">"Now" for the views; null leaves them on the database's now().</param>
    public static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection connection, DateTimeOffset? now, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var settings = new NpgsqlCommand(
            "SELECT set_config('v7sync.as_of', $1, true), set_config('jit', 'off', true)",
            connection, transaction);
        settings.Parameters.Add(new NpgsqlParameter { Value = now is { } time ? FormatTimestamp(time) : "" });
        await settings.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    /// <summary>The UTC calendar day of <paramref name="now"/>: the "today" the views use (they count days in UTC).</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    // PostgreSQL reads microseconds; the round-trip "O" format has seven fractional digits.
    private static string FormatTimestamp(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
