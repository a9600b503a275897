using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;
using static V7Sync.IntegrationTests.Analytics.AnalyticsHistory;

namespace V7Sync.IntegrationTests.Analytics;

/// <summary>
/// The status log the analytics views read (v7_task_status_log): every writer's status moves at their time (V7Sync's
/// reconciler, plain SQL, the guide's statements), no move for a write that keeps the status, a task's history follows
/// it (the migration's backfill: StatusLogBackfillTests). Expected numbers are worked out by hand from AnalyticsHistory
/// ("now" 2026-11-25 12:00 UTC).
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
    public async Task The_Guides_Rollback_Cancels_The_Phases_Tasks_In_The_Log_At_The_Time_Of_Its_Transaction()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);
        var rollback = SqlStatementSplitter.Split(GuideText.CodeBlockUnder("### 8.2 Emergency Rollback Procedures", "sql"));

        // Act: the guide's emergency rollback (§8.2), verbatim but for the phase (1), in one transaction.
        DateTimeOffset at;
        await using (var connection = await db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var statement in rollback)
            {
                await using var command = new NpgsqlCommand(SqlStatementSplitter.BindPlaceholders(statement, "1"), connection, transaction);
                await command.ExecuteNonQueryAsync();
            }

            await using var clock = new NpgsqlCommand("SELECT now()", connection, transaction);
            at = new DateTimeOffset(((DateTime)(await clock.ExecuteScalarAsync())!).ToUniversalTime(), TimeSpan.Zero);
            await transaction.CommitAsync();
        }

        var moves = await ReadAsync(db, "SELECT task_id, previous_status, basis FROM v7_task_status_entries WHERE entered_at = v7_analytics_now() - interval '1 day' ORDER BY task_id", at.AddDays(1));
        var burndown = await ReadAsync(db, "SELECT day, remaining_tasks FROM v7_phase_burndown WHERE phase_number = 1 ORDER BY day DESC LIMIT 3", at.AddDays(1));
        var t6 = (await ReadAsync(db, "SELECT status, status_since, days_blocked FROM v7_task_cycle_times WHERE task_id = 6", at.AddDays(1)))[0];

        // Assert: every task of phase 1 but T3 (cancelled on 11-08 already) moved to cancelled when the rollback
        // committed, T5 (pending) and T6 (blocked) out of the open count; the day before, both still counted.
        Assert.Equal(["1 completed write", "2 completed write", "4 completed write", "5 pending write", "6 blocked write"],
            moves.Select(m => $"{m["task_id"]} {m["previous_status"]} {m["basis"]}"));
        var today = DateOnly.FromDateTime(at.UtcDateTime);
        Assert.Equal([(today.AddDays(1), 0), (today, 0), (today.AddDays(-1), 2)], burndown.Select(r => ((DateOnly)r["day"]!, (int)r["remaining_tasks"]!)));
        Assert.Equal(("cancelled", at), ((string)t6["status"]!, new DateTimeOffset(((DateTime)t6["status_since"]!).ToUniversalTime(), TimeSpan.Zero)));
        Assert.Equal(Days(at - new DateTimeOffset(2026, 11, 18, 0, 0, 0, TimeSpan.Zero)), t6["days_blocked"]);
    }

    [Fact]
    public async Task Every_Status_Move_The_Reconciler_Writes_Lands_In_The_Log_Beside_Its_Audit_Row()
    {
        // Arrange: two work orders; DART has them in progress, then finishes the first.
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 1, 'Work order 1'), (1, 2, 'Work order 2')");
        var start = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        DartTask InDart(int n, string status, int minutes) => FakeDart.NewTask($"task{n:D8}", $"P1.T{n} Work order {n}", status, start.AddMinutes(minutes));
        using var dart = new FakeDart();

        // Act: V7Sync's own sync, twice.
        dart.Serve([InDart(1, "Doing", 1), InDart(2, "Doing", 2)]);
        await SyncAsync(db, dart);
        dart.Reset();
        dart.Serve([InDart(1, "Done", 10)], updatedAfter: DartTimestamp.Format(start)); // the watermark (+2 min) less the overlap
        await SyncAsync(db, dart);

        // Assert: the log holds each audited move, no more, no fewer, in the same order.
        var audited = await db.RowsAsync(
            """
            SELECT concat_ws(' ', t.task_number, a.old_value, a.new_value) FROM v7_sync_audit a JOIN v7_subworkflow_tasks t ON t.id = a.task_id
            WHERE a.action = 'status_changed' ORDER BY t.task_number, a.id
            """);
        var logged = await db.RowsAsync(
            """
            SELECT concat_ws(' ', t.task_number, l.previous_status, l.status) FROM v7_task_status_log l JOIN v7_subworkflow_tasks t ON t.id = l.task_id
            WHERE l.basis = 'write' ORDER BY t.task_number, l.entered_at, l.id
            """);
        Assert.Equal(["1 pending in_progress", "1 in_progress completed", "2 pending in_progress"], audited.Select(r => (string)r[0]!));
        Assert.Equal(audited.Select(r => r[0]), logged.Select(r => r[0]));
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
        var lead = Days(at - new DateTimeOffset(2026, 11, 3, 0, 0, 0, TimeSpan.Zero));
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

    private static async Task SyncAsync(TestDatabase db, FakeDart dart)
    {
        await using var app = new V7SyncApp(db.ConnectionString, dart.Settings());
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Incremental, "poll", CancellationToken.None);
    }

    /// <summary>A duration in days, two decimals, as v7_days rounds it.</summary>
    private static decimal Days(TimeSpan duration) =>
        Math.Round((decimal)duration.Ticks / TimeSpan.TicksPerDay, 2, MidpointRounding.AwayFromZero);

    /// <summary>A task's days pending, in progress, blocked, in review, and in its current status (v7_task_cycle_times).</summary>
    private static async Task<decimal[]> DaysAsync(TestDatabase db, int taskId) =>
        [.. (await ReadAsync(db, $"SELECT days_pending, days_in_progress, days_blocked, days_review, days_in_current_status FROM v7_task_cycle_times WHERE task_id = {taskId}"))
            .Single().Values.Cast<decimal>()];
}
