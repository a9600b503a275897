using V7Sync.IntegrationTests.Infrastructure;
using static V7Sync.IntegrationTests.Analytics.AnalyticsHistory;

namespace V7Sync.IntegrationTests.Analytics;

/// <summary>
/// The status log the analytics views read (v7_task_status_log): every writer's status moves at their time, no move
/// for a write that keeps the status, a task's history follows it, and the migration's backfill from the audit log
/// gives the same answers. Expected numbers are worked out by hand from AnalyticsHistory ("now" 2026-11-25 12:00 UTC).
/// </summary>
public sealed class StatusLogTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_Status_Written_By_Plain_Sql_Between_Two_Audited_Moves_Counts_From_Its_Own_Time()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);

        // Act: V7Sync starts T8 on 11-10 (audited), the conductor blocks it by plain SQL on 11-13 (no audit row), and
        // V7Sync moves it on to review on 11-16, from the status it reads in the row.
        await db.ExecuteAsync(
            """
            SET TIME ZONE 'UTC';
            INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, field, old_value, new_value)
            VALUES ('2026-11-10', 'poll', 'status_changed', 8, 'status', 'pending', 'in_progress');
            UPDATE v7_subworkflow_tasks SET status = 'in_progress', started_at = '2026-11-10', updated_at = '2026-11-10' WHERE id = 8;
            UPDATE v7_subworkflow_tasks SET status = 'blocked', updated_at = '2026-11-13' WHERE id = 8;
            INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, field, old_value, new_value)
            VALUES ('2026-11-16', 'poll', 'status_changed', 8, 'status', 'blocked', 'review');
            UPDATE v7_subworkflow_tasks SET status = 'review', updated_at = '2026-11-16' WHERE id = 8;
            """);

        // Assert: pending 11-09 → 11-10 (1), in progress → 11-13 (3), blocked → 11-16 (3), in review since: 9.5. The
        // audit log alone would have put the 3 blocked days in progress.
        Assert.Equal([1.00m, 3.00m, 3.00m, 9.50m, 9.50m], await DaysAsync(db, 8));
    }

    [Fact]
    public async Task A_Status_Written_Without_A_Time_Is_Entered_At_The_Time_Of_Its_Transaction()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);

        // Act: the guide's completion statement (§3.2), verbatim but for the task, on T5 (pending since 11-03).
        var written = await db.ScalarAsync<DateTime>(
            """
            UPDATE v7_subworkflow_tasks
            SET status = 'completed',
                completed_at = CURRENT_TIMESTAMP,
                deliverable_urls = ARRAY['https://dart.ai/doc/xyz']
            WHERE parent_phase = 1 AND task_number = 5
            RETURNING now()
            """);
        var at = new DateTimeOffset(written.ToUniversalTime(), TimeSpan.Zero);
        var entry = await ReadAsync(db, "SELECT entered_at, basis FROM v7_task_status_history WHERE task_id = 5 AND status = 'completed'", at.AddDays(1));
        var times = (await ReadAsync(db, "SELECT lead_time_days, days_in_current_status FROM v7_task_cycle_times WHERE task_id = 5", at.AddDays(1)))[0];

        // Assert: completed at the statement's transaction time; a day later it has been done for a day, after a lead
        // time from 11-03 00:00 to then.
        Assert.Equal(at, ((DateTime)Assert.Single(entry)["entered_at"]!).ToUniversalTime());
        Assert.Equal("write", entry[0]["basis"]);
        var lead = Math.Round((decimal)(at - new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero)).Ticks / TimeSpan.TicksPerDay, 2, MidpointRounding.AwayFromZero);
        Assert.Equal((lead, 1.00m), ((decimal)times["lead_time_days"]!, (decimal)times["days_in_current_status"]!));
    }

    [Fact]
    public async Task A_Write_That_Keeps_The_Status_Is_No_Move()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);
        var velocity = "SELECT iso_week, completed FROM v7_velocity_weekly WHERE scope = 'overall' ORDER BY week_start";
        var before = await ReadAsync(db, velocity);

        // Act: V7Sync's reconciler writes every changed row's status back, here with a new deliverable on 11-20 for
        // T1 (completed since 11-06) and T6 (blocked since 11-18).
        await db.ExecuteAsync(
            """
            UPDATE v7_subworkflow_tasks AS t SET status = u.status, deliverable_urls = ARRAY['https://app.dartai.com/o/y'],
                                                 updated_at = '2026-11-20T00:00:00Z'
            FROM unnest(ARRAY[1, 6], ARRAY['completed', 'blocked']) AS u(id, status)
            WHERE t.id = u.id
            """);

        // Assert: no second completion for T1 in W47, and both still count from their own move.
        Assert.Equal(before.Select(r => $"{r["iso_week"]} {r["completed"]}"), (await ReadAsync(db, velocity)).Select(r => $"{r["iso_week"]} {r["completed"]}"));
        Assert.Equal([1.00m, 2.00m, 0m, 1.00m, 19.50m], await DaysAsync(db, 1));
        Assert.Equal([14.00m, 2.00m, 7.50m, 0m, 7.50m], await DaysAsync(db, 6));
    }

    [Fact]
    public async Task A_Task_Moved_To_Another_Phase_Or_Persona_Takes_Its_History_Along_And_A_Deleted_One_Leaves_None()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);

        // Act: the conductor moves T7 (done 11-20) to phase 3 and gives it to persona C, and deletes T8.
        await db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET parent_phase = 3, responsible_persona = 'C' WHERE id = 7");
        await db.ExecuteAsync("DELETE FROM v7_subworkflow_tasks WHERE id = 8");
        var velocity = (await ReadAsync(db, "SELECT scope, phase_number, persona, completed FROM v7_velocity_weekly WHERE iso_week = '2026-W47'"))
            .Select(r => $"{r["scope"]} {r["phase_number"] ?? r["persona"] ?? "-"} {r["completed"]}").Order(StringComparer.Ordinal);
        var phase3 = await ReadAsync(db, "SELECT day, remaining_tasks, total_tasks FROM v7_phase_burndown WHERE phase_number = 3 ORDER BY day");
        var phase2 = await ReadAsync(db, "SELECT 1 FROM v7_phase_burndown WHERE phase_number = 2");

        // Assert: T7's completion counts for phase 3 and C; phase 3 burns down from T7's creation (11-09, one task,
        // done 11-20: 17 days); phase 2 has no task left, so no burndown.
        Assert.Equal(["overall - 1", "persona C 1", "phase 3 1"], velocity);
        Assert.Equal(17, phase3.Count);
        Assert.Equal((new DateOnly(2026, 11, 9), 1, 1), ((DateOnly)phase3[0]["day"]!, (int)phase3[0]["remaining_tasks"]!, (int)phase3[0]["total_tasks"]!));
        Assert.Equal(0, phase3[^1]["remaining_tasks"]);
        Assert.Empty(phase2);
    }

    [Fact]
    public async Task The_Migrations_Backfill_From_The_Audit_Log_And_The_Rows_Gives_The_Same_Answers()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);
        string[] views = ["v7_task_cycle_times", "v7_velocity_weekly", "v7_phase_burndown", "v7_phase_forecast", "v7_phase_risk"];
        var logged = await ReadViewsAsync(db, views);
        var entries = await db.ScalarAsync<long>("SELECT count(*) FROM v7_task_status_log");

        // Act: the history as migration 008 finds it, in the audit log and the rows.
        await db.ExecuteAsync("TRUNCATE v7_task_status_log, v7_task_status_times");
        var backfilled = await db.ScalarAsync<long>("SELECT v7_task_status_log_backfill()");

        // Assert
        Assert.Equal(entries, backfilled);
        Assert.Equal(logged, await ReadViewsAsync(db, views));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT v7_task_status_log_backfill()")); // every task has its history
    }

    /// <summary>A task's days pending, in progress, blocked, in review, and in its current status (v7_task_cycle_times).</summary>
    private static async Task<decimal[]> DaysAsync(TestDatabase db, int taskId) =>
        [.. (await ReadAsync(db, $"SELECT days_pending, days_in_progress, days_blocked, days_review, days_in_current_status FROM v7_task_cycle_times WHERE task_id = {taskId}"))
            .Single().Values.Cast<decimal>()];

    /// <summary>Every row of each view, as text, in a stable order.</summary>
    private static async Task<List<string>> ReadViewsAsync(TestDatabase db, IEnumerable<string> views)
    {
        var rows = new List<string>();
        foreach (var view in views)
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
        DateTime time => time.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
