using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>
/// The outbox trigger finds the work orders that depend on one just linked through the (partial) dependencies
/// index, not by reading the whole table once per linked row (migration 012 names the index's predicate).
/// </summary>
public sealed class DependenciesIndexLookupTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Linking_A_Blocker_In_A_Large_Project_Reads_Its_Dependents_Through_The_Index()
    {
        // Arrange: 5,000 linked work orders, one of them depending on an unlinked one (5,001).
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, dart_task_id)
            SELECT i, 1 + i % 7, 1 + i / 7, 'Work order ' || i, 'dart' || lpad(i::text, 8, '0')
            FROM generate_series(1, 5000) AS i;
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name) VALUES (5001, 1, 9001, 'Blocker');
            UPDATE v7_subworkflow_tasks SET dependencies = '{5001}' WHERE id = 42;
            """);
        await db.ExecuteAsync("VACUUM ANALYZE v7_subworkflow_tasks");

        // Act: the blocker gets its DART task; the scans of this transaction are counted before it commits.
        var scans = await db.RowsAsync("""
            BEGIN;
            UPDATE v7_subworkflow_tasks SET dart_task_id = 'blockerAAAAA' WHERE id = 5001;
            SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'v7_subworkflow_tasks';
            COMMIT;
            """);
        var outbox = await db.RowsAsync("SELECT task_id, changes::text FROM dart_outbox WHERE changes ? 'blocker_linked'");

        // Assert: the dependent follows, and the table was never read whole.
        Assert.Equal(0L, (long)scans.Single()[0]!);
        Assert.Equal(new object?[] { 42, """{"blocker_linked": [5001]}""" }, outbox.Single());
    }
}
