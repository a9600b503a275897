using System.Globalization;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using V7Sync.IntegrationTests.Infrastructure;
using static V7Sync.IntegrationTests.Analytics.AnalyticsHistory;

namespace V7Sync.IntegrationTests.Analytics;

/// <summary>
/// Migration 008 builds the status log of the tasks that exist from the audit log and the rows: the analytics read
/// the same from it as from a log its triggers kept live (AnalyticsHistory).
/// </summary>
public sealed class StatusLogBackfillTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly string[] Views = ["v7_task_cycle_times", "v7_velocity_weekly", "v7_phase_burndown", "v7_phase_forecast", "v7_phase_risk"];

    [Fact]
    public async Task Migrating_A_Database_With_History_In_The_Audit_Log_Builds_Its_Status_Log()
    {
        // Arrange: the same history, written live on the current schema and written before migration 008 existed.
        await using var live = await server.CreateDatabaseAsync();
        await SeedAsync(live);
        await using var before = await server.CreateDatabaseAsync(migrated: false);
        await using (var context = TestDatabase.CreateContext(before.ConnectionString))
        {
            await context.GetService<IMigrator>().MigrateAsync("20261201000700_Operations"); // the one before 008
        }

        var phases = await live.RowsAsync("SELECT phase_number, phase_name FROM v7_migration_workflow ORDER BY phase_number");
        await before.ExecuteAsync("INSERT INTO v7_migration_workflow (phase_number, phase_name) SELECT * FROM unnest($1::int[], $2::text[])",
            phases.Select(r => (int)r[0]!).ToArray(), phases.Select(r => (string)r[1]!).ToArray());
        await SeedAsync(before);

        // Act
        await PostgresServer.MigrateAsync(before.ConnectionString);

        // Assert: every move, the audited ones from the audit log; the same answers in every view.
        Assert.Equal(await live.ScalarAsync<long>("SELECT count(*) FROM v7_task_status_log"), await before.ScalarAsync<long>("SELECT count(*) FROM v7_task_status_log"));
        Assert.Equal(12, await before.ScalarAsync<long>("SELECT count(*) FROM v7_task_status_log WHERE basis = 'audit'"));
        Assert.Equal(await ReadViewsAsync(live), await ReadViewsAsync(before));
    }

    [Fact]
    public async Task The_Backfill_Rebuilds_A_Lost_Log_With_The_Same_Answers_And_Leaves_A_Kept_One_Alone()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);
        var logged = await ReadViewsAsync(db);
        var entries = await db.ScalarAsync<long>("SELECT count(*) FROM v7_task_status_log");

        // Act: the history as migration 008 finds it, in the audit log and the rows.
        await db.ExecuteAsync("TRUNCATE v7_task_status_log, v7_task_status_times");
        var backfilled = await db.ScalarAsync<long>("SELECT v7_task_status_log_backfill()");

        // Assert
        Assert.Equal(entries, backfilled);
        Assert.Equal(logged, await ReadViewsAsync(db));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT v7_task_status_log_backfill()")); // every task has its history
    }

    /// <summary>Every row of each view, as text, in a stable order.</summary>
    private static async Task<List<string>> ReadViewsAsync(TestDatabase db)
    {
        var rows = new List<string>();
        foreach (var view in Views)
        {
            rows.AddRange((await ReadAsync(db, $"SELECT * FROM {view}"))
                .Select(r => $"{view}: {string.Join(" | ", r.Select(c => $"{c.Key}={Format(c.Value)}"))}")
                .Order(StringComparer.Ordinal));
        }

        return rows;
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        Array array => string.Join(",", array.Cast<object>()),
        DateTime time => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
