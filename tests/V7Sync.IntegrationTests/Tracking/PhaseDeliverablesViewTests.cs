using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>v7_phase_deliverables: per phase, its tasks' deliverables as the JSON the guide's §5.2 step 2 puts into deliverables.</summary>
public sealed class PhaseDeliverablesViewTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Each_Phase_Lists_Its_Tasks_Deliverables_By_Key_And_Name_Leaving_Out_Cancelled_Tasks()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, deliverable_urls) VALUES
                (1, 1, 'Document all duplicate ENUMs', 'completed', ARRAY['https://app.dartai.com/o/aaaaaaaaaaaa-Enums', 'https://files.example/enums.csv']),
                (1, 2, 'Inventory every table', 'completed', ARRAY['https://app.dartai.com/o/bbbbbbbbbbbb-Tables']),
                (1, 3, 'Nothing delivered yet', 'in_progress', '{}'),
                (1, 4, 'Dropped', 'cancelled', ARRAY['https://app.dartai.com/o/cccccccccccc-Draft']);
            """);

        // Act
        var rows = await db.RowsAsync("SELECT phase_number, tasks, tasks_with_deliverables, deliverable_count, deliverables::text FROM v7_phase_deliverables WHERE phase_number IN (1, 2) ORDER BY 1");

        // Assert
        Assert.Equal(
        [
            [1, 4, 2, 3, """{"P1.T2 Inventory every table": ["https://app.dartai.com/o/bbbbbbbbbbbb-Tables"], "P1.T1 Document all duplicate ENUMs": ["https://app.dartai.com/o/aaaaaaaaaaaa-Enums", "https://files.example/enums.csv"]}"""],
            [2, 0, 0, 0, "{}"],
        ], rows);
    }

    [Fact]
    public async Task The_Conductor_Requests_Approval_With_The_Views_Deliverables_As_The_Guide_Does()
    {
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            UPDATE v7_migration_workflow SET status = 'in_progress' WHERE phase_number = 1;
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, deliverable_urls) VALUES
                (1, 1, 'Document all duplicate ENUMs', 'completed', ARRAY['https://app.dartai.com/o/aaaaaaaaaaaa-Enums']);
            """);

        // The guide's §5.2 step 2, with the view's JSON in place of the hand-written one.
        await db.ExecuteAsync("""
            UPDATE v7_migration_workflow
            SET status = 'review',
                deliverables = (SELECT deliverables FROM v7_phase_deliverables WHERE phase_number = 1)
            WHERE phase_number = 1;
            """);

        Assert.Equal("https://app.dartai.com/o/aaaaaaaaaaaa-Enums",
            await db.ScalarAsync<string>("SELECT deliverables->'P1.T1 Document all duplicate ENUMs'->>0 FROM v7_migration_workflow WHERE phase_number = 1"));
    }
}
