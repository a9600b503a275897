extern alias bench;

using bench::V7Sync.Bench;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>
/// Moving the status of work orders that depend on nothing writes nothing into the dependencies index (migration
/// 012): the same moves write as much WAL with the index as on a database without it.
/// </summary>
/// <remarks>Serial: WAL is counted server-wide, and other tests' databases being created and written would count too.</remarks>
[Collection(SerialCollection.Name)]
public sealed class DependenciesIndexWalTests(PostgresServer server)
{
    private const int WorkOrders = 2_000;

    [Fact]
    public async Task Status_Moves_Of_Work_Orders_Without_Dependencies_Cost_No_More_WAL_Than_Without_The_Index()
    {
        // Arrange: two databases with the same linked work orders, one without the dependencies index.
        await using var withIndex = await LinkedWorkOrdersAsync();
        await using var withoutIndex = await LinkedWorkOrdersAsync();
        await withoutIndex.ExecuteAsync("DROP INDEX ix_v7_subworkflow_tasks_dependencies");

        // Act: the moves V7Sync writes from DART (a new row version each: status is indexed).
        var bytesWith = await StatusMovesWalAsync(withIndex);
        var bytesWithout = await StatusMovesWalAsync(withoutIndex);

        // Assert: before migration 012 every version took an entry under GIN's "empty array" key (25% more WAL here;
        // 1.6 KiB an entry in the webhook bench, where that key's posting tree is larger).
        Assert.InRange(bytesWith, 0.95 * bytesWithout, 1.05 * bytesWithout);
    }

    private async Task<TestDatabase> LinkedWorkOrdersAsync()
    {
        var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, dart_task_id)
            SELECT 1 + i % 7, 1 + i / 7, 'Work order ' || i, 'dart' || lpad(i::text, 8, '0')
            FROM generate_series(0, $1 - 1) AS i
            """, WorkOrders);
        await db.ExecuteAsync("VACUUM ANALYZE v7_subworkflow_tasks");
        return db;
    }

    private static async Task<double> StatusMovesWalAsync(TestDatabase db)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(db.ConnectionString);
        var usage = await WalUsage.StartAsync(dataSource, CancellationToken.None);
        foreach (var status in new[] { "in_progress", "review", "completed" })
        {
            await db.ExecuteAsync($"""
                BEGIN;
                SET LOCAL v7sync.origin = 'dart';
                UPDATE v7_subworkflow_tasks SET status = '{status}';
                COMMIT;
                """);
        }

        return await usage.StopAsync(CancellationToken.None);
    }
}
