using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Tracking;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>
/// The database captures every conductor write to the plan into dart_outbox, by any SQL (the guide's own statements
/// included), in the same transaction; V7Sync's own writes are not captured (migration 005).
/// </summary>
public sealed class OutboxCaptureTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static async Task<List<string>> OutboxAsync(TestDatabase db) =>
        (await db.RowsAsync("""
            SELECT concat_ws('|', t.task_number, o.kind, array_to_string(o.fields, ','), o.changes::text, o.status)
            FROM dart_outbox o JOIN v7_subworkflow_tasks t ON t.id = o.task_id ORDER BY o.id
            """)).Select(r => (string)r[0]!).ToList();

    [Fact]
    public async Task The_Plan_Fields_Of_The_Triggers_Are_The_Ones_The_Push_Knows()
    {
        await using var db = await server.CreateDatabaseAsync();

        var fields = await db.ScalarAsync<string[]>("SELECT v7_plan_fields()");

        Assert.Equal(PlanFields.All, fields);
    }

    [Fact]
    public async Task A_New_Work_Order_Without_A_Dart_Task_Queues_A_Create_And_One_With_An_Id_Or_Closed_Queues_None()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();

        // Act: the guide's INSERT (§3.2, with its DART task id), one without, and three that need no DART task.
        await db.ExecuteAsync(GuideText.CodeBlockUnder("### 3.2 v7_subworkflow_tasks - The Task Tracker", "sql").Split("-- Update when", 2)[0]);
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 2, 'Map foreign keys');
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status)
            VALUES (1, 3, 'Dropped', 'cancelled'), (1, 4, 'Later', 'deferred'), (1, 5, 'Done before', 'completed');
            """);

        // Assert
        Assert.Equal(["2|create|task_name,parent_phase,task_number,responsible_persona,dependencies,notes,status|{}|pending"], await OutboxAsync(db));
    }

    [Fact]
    public async Task The_Guides_Rollback_Queues_One_Update_Per_Task_With_Status_And_Notes_Old_And_New()
    {
        // Arrange: two linked work orders of phase 1.
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, dart_task_id, notes)
            VALUES (1, 1, 'A', 'in_progress', 'dartTaskAAAA', 'Issued'), (1, 2, 'B', 'pending', 'dartTaskBBBB', '')
            """);

        // Act: §8.2 verbatim, for phase 1.
        foreach (var statement in SqlStatementSplitter.Split(GuideText.CodeBlockUnder("### 8.2 Emergency Rollback Procedures", "sql")))
        {
            await db.ExecuteAsync(SqlStatementSplitter.BindPlaceholders(statement, "1"));
        }

        // Assert
        var today = await db.ScalarAsync<string>("SELECT CURRENT_DATE::text");
        Assert.Equal(
        [
            $$$"""1|update|notes,status|{"notes": {"new": "Issued - Rolled back on {{{today}}}", "old": "Issued"}, "status": {"new": "cancelled", "old": "in_progress"}}|pending""",
            $$$"""2|update|notes,status|{"notes": {"new": " - Rolled back on {{{today}}}", "old": ""}, "status": {"new": "cancelled", "old": "pending"}}|pending""",
        ], await OutboxAsync(db));
        Assert.Equal(["conductor"], (await db.RowsAsync("SELECT DISTINCT status_origin FROM v7_subworkflow_tasks")).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task V7Syncs_Own_Writes_Are_Not_Captured_And_Make_The_Status_Darts()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, dart_task_id) VALUES (1, 1, 'A', 'dartTaskAAAA')");

        // Act: a write under V7Sync's own marker, as the reconciler and the push make them.
        await db.ExecuteAsync($"BEGIN; {WriteOrigin.MarkSql}; UPDATE v7_subworkflow_tasks SET status = 'in_progress', task_name = 'A2'; COMMIT;");

        // Assert
        Assert.Empty(await OutboxAsync(db));
        Assert.Equal("in_progress|dart", await db.ScalarAsync<string>("SELECT status || '|' || status_origin FROM v7_subworkflow_tasks"));

        // And: the conductor naming the status again makes it the conductor's, without a change to push.
        await db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'in_progress'");
        Assert.Equal("in_progress|conductor", await db.ScalarAsync<string>("SELECT status || '|' || status_origin FROM v7_subworkflow_tasks"));
        Assert.Empty(await OutboxAsync(db));
    }

    [Fact]
    public async Task A_Write_To_What_The_Personas_Own_Queues_Nothing()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, dart_task_id) VALUES (1, 1, 'A', 'dartTaskAAAA')");

        // Act: the conductor records a deliverable and dates by hand (§3.2's completion UPDATE, without the status).
        await db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET started_at = now(), deliverable_urls = ARRAY['https://dart.ai/doc/xyz']");

        // Assert
        Assert.Empty(await OutboxAsync(db));
    }

    [Fact]
    public async Task Reopening_A_Cancelled_Work_Order_That_Never_Reached_Dart_Queues_Its_Create()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status) VALUES (1, 1, 'A', 'cancelled')");

        // Act
        await db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'pending'");

        // Assert
        var row = Assert.Single(await OutboxAsync(db));
        Assert.StartsWith("1|create|task_name,parent_phase,task_number,responsible_persona,dependencies,notes,status|", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Work_Order_That_Gets_Its_Dart_Task_Queues_The_Blockers_Of_The_Linked_Tasks_That_Depend_On_It()
    {
        // Arrange: B (in DART) and C (not) depend on A (not in DART yet).
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status) VALUES (1, 1, 'A', 'deferred')");
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, dart_task_id, dependencies)
            SELECT 1, 2, 'B', 'pending', 'dartTaskBBBB', ARRAY[id] FROM v7_subworkflow_tasks WHERE task_number = 1
            UNION ALL SELECT 1, 3, 'C', 'deferred', NULL, ARRAY[id] FROM v7_subworkflow_tasks WHERE task_number = 1
            """);

        // Act: A is linked, by V7Sync's own write.
        await db.ExecuteAsync($"BEGIN; {WriteOrigin.MarkSql}; UPDATE v7_subworkflow_tasks SET dart_task_id = 'dartTaskAAAA' WHERE task_number = 1; COMMIT;");

        // Assert: only B follows (C has no DART task yet: its create reads its blockers).
        var row = Assert.Single(await OutboxAsync(db));
        Assert.StartsWith("2|update|dependencies|", row, StringComparison.Ordinal);
    }
}
