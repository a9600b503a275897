using V7Sync.IntegrationTests.Infrastructure;
using static V7Sync.IntegrationTests.Analytics.AnalyticsHistory;

namespace V7Sync.IntegrationTests.Analytics;

/// <summary>
/// The five analytics views against AnalyticsHistory. Every expected number is worked out by hand from that history
/// in the comments next to it (days in UTC; "now" is 2026-11-25 12:00).
/// </summary>
public sealed class AnalyticsViewsTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Cycle_Times_Count_Every_Stretch_In_Each_Status_From_The_Audit_Log_And_The_Row()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);

        // Act
        var rows = (await ReadAsync(db, "SELECT * FROM v7_task_cycle_times")).ToDictionary(r => (int)r["task_id"]!);

        // Assert: (lead, cycle, pending, in_progress, blocked, review, in current status)
        // T1: created 11-02, in progress 11-03, review 11-05, completed 11-06 → lead 4, cycle 3; since 11-06: 19.5.
        Assert.Equal((4.00m, 3.00m, 1.00m, 2.00m, 0m, 1.00m, 19.50m), Times(rows[1]));
        // T2, reopened: in progress 11-04 → 11-07 (3) and 11-10 → 11-12 (2); lead to the last completion (11-12): 10,
        // cycle from the first in progress: 8; completed since 11-12: 13.5.
        Assert.Equal((10.00m, 8.00m, 2.00m, 5.00m, 0m, 0m, 13.50m), Times(rows[2]));
        // T3, cancelled by SQL on 11-08 (the row's updated_at): pending 3, in progress 3, no lead or cycle time.
        Assert.Equal((null, null, 3.00m, 3.00m, 0m, 0m, 17.50m), Times(rows[3]));
        Assert.Equal("cancelled", rows[3]["status"]);
        // T4, no audit rows, completed_at 11-09 by the guide's UPDATE: pending 7 days, lead 7, never in progress.
        Assert.Equal((7.00m, null, 7.00m, 0m, 0m, 0m, 16.50m), Times(rows[4]));
        // T5 pending since 11-03 12:00 → 22.5 days; T8 since 11-09 → 16.5.
        Assert.Equal((null, null, 22.50m, 0m, 0m, 0m, 22.50m), Times(rows[5]));
        Assert.Equal((null, null, 16.50m, 0m, 0m, 0m, 16.50m), Times(rows[8]));
        // T6: pending 11-02 → 11-16 (14), in progress → 11-18 (2), blocked since: 7.5.
        Assert.Equal((null, null, 14.00m, 2.00m, 7.50m, 0m, 7.50m), Times(rows[6]));
        // T7: created 11-09, in progress 11-16, completed 11-20 12:00: lead 11.5, cycle 4.5, done for 5 days.
        Assert.Equal((11.50m, 4.50m, 7.00m, 4.50m, 0m, 0m, 5.00m), Times(rows[7]));
        Assert.Equal("P1.T2", rows[2]["work_order"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 12, 0, 0, 0, TimeSpan.Zero), ToUtc(rows[2]["completed_at"]));
        Assert.Equal(new DateTimeOffset(2026, 11, 4, 0, 0, 0, TimeSpan.Zero), ToUtc(rows[2]["started_at"]));
    }

    [Fact]
    public async Task Velocity_Counts_Each_Move_Into_Completed_Per_Iso_Week_Overall_Per_Phase_And_Per_Persona()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);

        // Act
        var rows = (await ReadAsync(db, "SELECT * FROM v7_velocity_weekly"))
            .Select(r => $"{r["iso_week"]} {r["scope"]} {r["phase_number"] ?? r["persona"] ?? "-"} {r["completed"]}")
            .Order(StringComparer.Ordinal).ToList();

        // Assert: completions T1 11-06 (Fri, W45), T2 11-07 (Sat, W45), T4 11-09 (Mon, W46), T2 again 11-12 (W46),
        // T7 11-20 (W47); personas: T1, T2, T7 are A's, T4 is B's. T3 (cancelled) never counts.
        Assert.Equal(
        [
            "2026-W45 overall - 2", "2026-W45 persona A 2", "2026-W45 phase 1 2",
            "2026-W46 overall - 2", "2026-W46 persona A 1", "2026-W46 persona B 1", "2026-W46 phase 1 2",
            "2026-W47 overall - 1", "2026-W47 persona A 1", "2026-W47 phase 2 1",
        ], rows);
        var monday = (await ReadAsync(db, "SELECT week_start FROM v7_velocity_weekly WHERE iso_week = '2026-W46' LIMIT 1"))[0]["week_start"];
        Assert.Equal(new DateOnly(2026, 11, 9), monday);
    }

    [Fact]
    public async Task Burndown_Is_Rebuilt_From_History_So_A_Reopen_Today_Leaves_Past_Days_Alone()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);
        const string sql = "SELECT day, remaining_tasks, total_tasks FROM v7_phase_burndown WHERE phase_number = 1 ORDER BY day";

        // Act
        var before = await ReadAsync(db, sql);
        // T1 is reopened this morning (audited), which must change today only.
        await db.ExecuteAsync(
            """
            SET TIME ZONE 'UTC';
            INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, field, old_value, new_value)
            VALUES ('2026-11-25 10:00', 'webhook', 'status_changed', 1, 'status', 'completed', 'in_progress');
            UPDATE v7_subworkflow_tasks SET status = 'in_progress', completed_at = NULL, updated_at = '2026-11-25 10:00' WHERE id = 1;
            """);
        var after = await ReadAsync(db, sql);
        var phase2 = await ReadAsync(db, "SELECT day, remaining_tasks FROM v7_phase_burndown WHERE phase_number = 2 ORDER BY day");

        // Assert: 11-02 five tasks exist (T5 comes 11-03); T1 done 11-06, T2 11-07, T3 cancelled 11-08, T4 done 11-09,
        // T2 reopened 11-10 and done again 11-12; T5 and T6 remain to today (11-25): 24 days.
        int[] expected = [5, 6, 6, 6, 5, 4, 3, 2, 3, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
        Assert.Equal(expected, before.Select(r => (int)r["remaining_tasks"]!));
        Assert.Equal(new DateOnly(2026, 11, 2), before[0]["day"]);
        Assert.Equal(new DateOnly(2026, 11, 25), before[^1]["day"]);
        Assert.Equal([5, 6], before.Take(2).Select(r => (int)r["total_tasks"]!));
        Assert.All(before.Skip(1), r => Assert.Equal(6, r["total_tasks"]));
        Assert.Equal(expected[..^1], after.SkipLast(1).Select(r => (int)r["remaining_tasks"]!));
        Assert.Equal(3, after[^1]["remaining_tasks"]);
        // Phase 2: T7 and T8 from 11-09; T7 done 11-20: 17 days.
        Assert.Equal(17, phase2.Count);
        Assert.Equal([2, 1], new[] { phase2.First(r => (DateOnly)r["day"]! == new DateOnly(2026, 11, 19)), phase2[^1] }.Select(r => (int)r["remaining_tasks"]!));
    }

    [Fact]
    public async Task Forecast_Gives_Remaining_Throughput_Linear_Date_And_Slip_Per_Open_Phase_And_Overall()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);

        // Act
        var rows = await ReadAsync(db, "SELECT *, completions_by_week[1:4] AS last_4 FROM v7_phase_forecast");
        var byPhase = rows.ToDictionary(r => r["phase_number"] is int n ? n : 0);

        // Assert: phases 1-6 are open (7 is completed), plus the whole migration (key 0 here).
        Assert.Equal([1, 2, 3, 4, 5, 6, 0], rows.Select(r => r["phase_number"] is int n ? n : 0));
        // Phase 1: T5, T6 remain; 4 completions in the 28 days to now (T1, T2, T4, T2 again) → 1.00 a week;
        // 11-25 + ceil(28 × 2 / 4) = 12-09. A week ago (11-18 12:00): 2 remained, the same 4 completions → 11-18 + 14
        // = 12-02; slip 7 days. By week: (11-18, 11-25] 0; (11-11, 11-18] 1 (T2); (11-04, 11-11] 3; (10-28, 11-04] 0.
        Assert.Equal((2, 4, 1.00m, new DateOnly(2026, 12, 9), 2, new DateOnly(2026, 12, 2), 7), Forecast(byPhase[1]));
        Assert.Equal([0, 1, 3, 0], (int[])byPhase[1]["last_4"]!);
        // Phase 2: T8 remains; T7 done 11-20 → 0.25 a week → 11-25 + 28 = 12-23. A week ago T7 and T8 remained and
        // nothing was done in the 4 weeks before: no estimate then, no slip.
        Assert.Equal((1, 1, 0.25m, new DateOnly(2026, 12, 23), 2, (DateOnly?)null, (int?)null), Forecast(byPhase[2]));
        // Phase 3: nothing at all: done today.
        Assert.Equal((0, 0, 0m, new DateOnly(2026, 11, 25), 0, new DateOnly(2026, 11, 18), (int?)null), Forecast(byPhase[3]));
        // Whole migration: 3 remain, 5 completions → 11-25 + ceil(16.8) = 12-12; a week ago 4 remained after 4
        // completions → 11-18 + 28 = 12-16: the estimate moved in by 4 days.
        Assert.Equal((3, 5, 1.25m, new DateOnly(2026, 12, 12), 4, new DateOnly(2026, 12, 16), -4), Forecast(byPhase[0]));
        Assert.Equal([1, 1, 3, 0], (int[])byPhase[0]["last_4"]!);
    }

    [Fact]
    public async Task Risk_Score_Is_The_Sum_Of_Its_Named_Parts_Each_In_Its_Own_Column()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);

        // Act
        var rows = (await ReadAsync(db, "SELECT * FROM v7_phase_risk")).ToDictionary(r => (int)r["phase_number"]!);

        // Assert: shared by every open phase: ENUMs 1 critical (5) + 1 high not implemented (3) = 8; impacts 1 high
        // pending = 3; tests: Contact Model failed then passed (latest counts: no), Enum errors (5), Orders passes but
        // breaks compatibility (5) = 10.
        // Phase 1 adds: 1 blocker (5), T6 blocked (5), T5 stale (5), T4's and the phase's own finding (2 × 2 = 4; the
        // resolved one and the unlinked DART task, which belongs to no phase, do not count), slip 7 days (7) = 47.
        Assert.Equal((47, 8, 3, 5, 5, 5, 10, 4, 7), Risk(rows[1]));
        Assert.Equal((1, 1, 1, 1, 2), ((int)rows[1]["blockers"]!, (int)rows[1]["blocked_tasks"]!, (int)rows[1]["stale_tasks"]!,
            (int)rows[1]["failing_tests"]!, (int)rows[1]["open_findings"]!));
        // Phase 2 (not started, no slip) and 3-6 carry the shared parts only; phase 7 is completed: nothing.
        Assert.Equal((21, 8, 3, 0, 0, 0, 10, 0, 0), Risk(rows[2]));
        Assert.Equal((21, 8, 3, 0, 0, 0, 10, 0, 0), Risk(rows[6]));
        Assert.Equal((0, 0, 0, 0, 0, 0, 0, 0, 0), Risk(rows[7]));
    }

    private static (decimal?, decimal?, decimal, decimal, decimal, decimal, decimal) Times(Dictionary<string, object?> r) =>
        ((decimal?)r["lead_time_days"], (decimal?)r["cycle_time_days"], (decimal)r["days_pending"]!, (decimal)r["days_in_progress"]!,
         (decimal)r["days_blocked"]!, (decimal)r["days_review"]!, (decimal)r["days_in_current_status"]!);

    private static (int, int, decimal, DateOnly?, int, DateOnly?, int?) Forecast(Dictionary<string, object?> r) =>
        ((int)r["remaining_tasks"]!, (int)r["completed_last_4_weeks"]!, (decimal)r["weekly_throughput"]!, (DateOnly?)r["estimated_completion"],
         (int)r["remaining_week_ago"]!, (DateOnly?)r["estimated_completion_week_ago"], (int?)r["slip_days"]);

    private static (int, int, int, int, int, int, int, int, int) Risk(Dictionary<string, object?> r) =>
        ((int)r["risk_score"]!, (int)r["enum_points"]!, (int)r["impact_points"]!, (int)r["blocker_points"]!, (int)r["blocked_points"]!,
         (int)r["stale_points"]!, (int)r["test_points"]!, (int)r["finding_points"]!, (int)r["slip_points"]!);

    private static DateTimeOffset ToUtc(object? value) => value switch
    {
        DateTime t => new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero),
        DateTimeOffset t => t.ToUniversalTime(),
        _ => throw new InvalidCastException(value?.GetType().Name),
    };
}
