using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>
/// The outbox trigger finds the work orders that depend on one just linked through the (partial) dependencies
/// index, not by reading the whole table, for one linked row or a page of them (migration 012 names the index's
/// predicate; migration 014 looks the page's links up as one array).
/// </summary>
public sealed class DependenciesIndexLookupTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(100, true)] // a full sync's page: the reconciler links a hundred in one UPDATE
    [InlineData(100, false)] // a project whose work orders depend on nothing: the planner expects no dependents at all
    public async Task Linking_Blockers_In_A_Large_Project_Reads_Their_Dependents_Through_The_Index(int blockers, bool dependents)
    {
        // Arrange: 5,000 linked work orders; 42 depends on the first unlinked blocker (5,001), 43 on the last, or none.
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync($$"""
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, dart_task_id)
            SELECT i, 1 + i % 7, 1 + i / 7, 'Work order ' || i, 'dart' || lpad(i::text, 8, '0')
            FROM generate_series(1, 5000) AS i;
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name)
            SELECT 5000 + b, 1, 9000 + b, 'Blocker ' || b FROM generate_series(1, {{blockers}}) AS b;
            UPDATE v7_subworkflow_tasks SET dependencies = '{5001}' WHERE id = 42 AND {{(dependents ? "true" : "false")}};
            UPDATE v7_subworkflow_tasks SET dependencies = ARRAY[{{5000 + blockers}}] WHERE id = 43 AND {{(dependents ? "true" : "false")}};
            """);
        await db.ExecuteAsync("VACUUM ANALYZE v7_subworkflow_tasks");

        // Act: the blockers get their DART tasks in one statement; the scans of this transaction are counted before it
        // commits, less those the backend had not yet reported from earlier statements (a pooled connection's).
        var scans = await db.RowsAsync("""
            BEGIN;
            CREATE TEMP TABLE scans_before ON COMMIT DROP AS
                SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'v7_subworkflow_tasks';
            UPDATE v7_subworkflow_tasks SET dart_task_id = 'blocker' || id WHERE id > 5000;
            SELECT x.seq_scan - b.seq_scan FROM pg_stat_xact_user_tables x, scans_before b WHERE x.relname = 'v7_subworkflow_tasks';
            COMMIT;
            """);
        var outbox = await db.RowsAsync("SELECT task_id, changes::text FROM dart_outbox WHERE changes ? 'blocker_linked' ORDER BY task_id");

        // Assert: the dependents follow, each naming its blocker, and the table was never read whole.
        Assert.Equal(0L, (long)scans.Single()[0]!);
        Assert.Equal(
            dependents ? [[42, """{"blocker_linked": [5001]}"""], [43, $$"""{"blocker_linked": [{{5000 + blockers}}]}"""]] : [],
            outbox);
    }
}
