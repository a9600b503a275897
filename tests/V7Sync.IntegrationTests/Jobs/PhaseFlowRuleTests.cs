using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>
/// The phase flow made visible (read-only: the conductor still moves phases): a phase whose work is done is ready for
/// review, work ahead of the review gate is reported, and DART's assignee must be the persona's DART user.
/// </summary>
public sealed class PhaseFlowRuleTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_Phase_In_Progress_Whose_Tasks_Are_All_Done_Is_Ready_For_Review_Until_The_Conductor_Moves_It()
    {
        // Arrange: phase 1 under way, one task completed, one cancelled; phase 2 (approved gate aside) has an open task.
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            UPDATE v7_migration_workflow SET status = 'in_progress' WHERE phase_number = 1;
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status) VALUES
                (1, 1, 'Document all duplicate ENUMs', 'completed'), (1, 2, 'Dropped', 'cancelled');
            """);
        await using var harness = new RuleHarness(db);

        // Act
        await harness.RunAsync("phase_ready_for_review");
        var opened = await OpenAsync(db, "phase_ready_for_review");
        await db.ExecuteAsync("UPDATE v7_migration_workflow SET status = 'review' WHERE phase_number = 1");
        await harness.RunAsync("phase_ready_for_review");

        // Assert: found once, said plainly, and resolved (audited) when the phase went to review.
        Assert.Equal(["P1 Phase 1 (Assessment) is in progress and all 2 of its tasks are completed or cancelled: ready for review (v7_phase_deliverables has its deliverables)"], opened);
        Assert.Empty(await OpenAsync(db, "phase_ready_for_review"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE action = 'integrity_resolved' AND detail->>'rule' = 'phase_ready_for_review'"));
    }

    [Theory]
    [InlineData("in_progress", "pending")]   // a task still open
    [InlineData("in_progress", null)]        // no task at all
    [InlineData("approved", "completed")]    // approved (or completed) already: nothing to ask for
    [InlineData("completed", "completed")]
    public async Task A_Phase_Is_Not_Ready_For_Review_With_An_Open_Task_Without_Tasks_Or_Once_Past_Review(string phaseStatus, string? taskStatus)
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync($"UPDATE v7_migration_workflow SET status = '{phaseStatus}' WHERE phase_number = 1");
        await db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status) VALUES (1, 1, 'Done', 'completed')");
        if (taskStatus is null)
        {
            await db.ExecuteAsync("DELETE FROM v7_subworkflow_tasks");
        }
        else
        {
            await db.ExecuteAsync($"INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status) VALUES (1, 2, 'Other', '{taskStatus}')");
        }

        await using var harness = new RuleHarness(db);

        await harness.RunAsync("phase_ready_for_review");

        Assert.Empty(await OpenAsync(db, "phase_ready_for_review"));
    }

    [Fact]
    public async Task Work_Ahead_Of_The_Review_Gate_Is_A_Finding_Until_Its_Phase_Starts()
    {
        // Arrange: phase 2 not started; of its tasks, the pending and blocked ones are no finding.
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, status) VALUES
                (1, 2, 1, 'Early start', 'in_progress'), (2, 2, 2, 'Early review', 'review'), (3, 2, 3, 'Early finish', 'completed'),
                (4, 2, 4, 'Waiting', 'pending'), (5, 2, 5, 'Stuck', 'blocked');
            """);
        await using var harness = new RuleHarness(db);

        // Act
        await harness.RunAsync("task_active_in_unstarted_phase");
        var opened = await OpenAsync(db, "task_active_in_unstarted_phase");
        await db.ExecuteAsync("""
            UPDATE v7_migration_workflow SET status = 'approved', approval_status = 'approved' WHERE phase_number = 1;
            UPDATE v7_migration_workflow SET status = 'in_progress' WHERE phase_number = 2;
            """);
        await harness.RunAsync("task_active_in_unstarted_phase");

        // Assert
        Assert.Equal(
        [
            "1 P2.T1 \"Early start\" is in_progress but phase 2 (Design) has not started",
            "2 P2.T2 \"Early review\" is review but phase 2 (Design) has not started",
            "3 P2.T3 \"Early finish\" is completed but phase 2 (Design) has not started",
        ], opened);
        Assert.Empty(await OpenAsync(db, "task_active_in_unstarted_phase"));
    }

    [Fact]
    public async Task Assignee_Mismatch_Opens_When_Dart_Assigns_Another_User_Than_The_Personas_And_Resolves_When_They_Agree()
    {
        // Arrange: synced rows (dart_updated_at set), DART's assignees as the reconciler stored them.
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, responsible_persona, dart_task_id, dart_updated_at, dart_assignees) VALUES
                (1, 1, 1, 'Someone else', 'Layer 1 Guardian', 'D1', '2026-11-25Z', '{"Layer 2 Builder"}'),
                (2, 1, 2, 'Nobody', 'The Architect', 'D2', '2026-11-25Z', '{}'),
                (3, 1, 3, 'Agrees, other case', 'the architect', 'D3', '2026-11-25Z', '{"ARCHITECT@V7.EXAMPLE", "Test Sentinel"}'),
                (4, 1, 4, 'Unmapped persona', 'Layer 3 Integrator', 'D4', '2026-11-25Z', '{"Layer 2 Builder"}'),
                (5, 1, 5, 'Not synced yet', 'The Architect', 'D5', NULL, '{}'),
                (6, 1, 6, 'Not in DART', 'The Architect', NULL, NULL, '{}');
            """);
        var mapping = new Dictionary<string, string?>
        {
            ["Dart:PersonaAssignees:Layer 1 Guardian"] = "Layer 1 Guardian",
            ["Dart:PersonaAssignees:The Architect"] = "architect@v7.example",
        };
        await using var harness = new RuleHarness(db, settings: mapping);

        // Act
        await harness.RunAsync("assignee_mismatch");
        var opened = await OpenAsync(db, "assignee_mismatch");
        await db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET dart_assignees = '{\"layer 1 guardian\"}' WHERE id = 1");
        await harness.RunAsync("assignee_mismatch");

        // Assert
        Assert.Equal(
        [
            "1 P1.T1 \"Someone else\" is assigned in DART to Layer 2 Builder, but Dart:PersonaAssignees gives Layer 1 Guardian for Layer 1 Guardian",
            "2 P1.T2 \"Nobody\" is assigned in DART to nobody, but Dart:PersonaAssignees gives architect@v7.example for The Architect",
        ], opened);
        Assert.Equal(["2"], (await db.RowsAsync("SELECT subject FROM v7_sync_findings WHERE status = 'open'")).Select(r => (string)r[0]!));
    }

    private static async Task<List<string>> OpenAsync(TestDatabase db, string rule) =>
        [.. (await db.RowsAsync($"SELECT subject || ' ' || message FROM v7_sync_findings WHERE status = 'open' AND rule = '{rule}' ORDER BY subject"))
            .Select(r => (string)r[0]!)];
}
