using Microsoft.EntityFrameworkCore;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Tracking;

namespace V7Sync.IntegrationTests.Tracking;

/// <summary>
/// The reconciler's check for pushes still pending reads the outbox's open rows of the page's work orders through the
/// open-task index, not the whole outbox, however many creates wait in it (a conductor's plan of thousands).
/// </summary>
public sealed class PendingPushesLookupTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_Page_Of_Work_Orders_Reads_Only_Its_Own_Open_Pushes_Among_Ten_Thousand_Waiting_Creates()
    {
        // Arrange: 10,000 work orders the conductor planned (a create waits for each); 7's notes changed since (an
        // update waits), 8's create is being sent.
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name)
            SELECT i, 1 + i % 7, 1 + i / 7, 'Work order ' || i FROM generate_series(1, 10000) AS i;
            UPDATE v7_subworkflow_tasks SET notes = 'Check the rollback first' WHERE id = 7;
            UPDATE dart_outbox SET status = 'processing' WHERE task_id = 8 AND kind = 'create';
            """);
        await db.ExecuteAsync("VACUUM ANALYZE dart_outbox");
        await using var context = db.NewContext();
        await using var transaction = await context.Database.BeginTransactionAsync();
        // The backend's counts not yet reported (a pooled connection's earlier statements) show too: the read's are the difference.
        var scansBefore = await OutboxSequentialScansAsync(context);

        // Act
        var pending = await PendingPushes.ReadAsync(context, [.. Enumerable.Range(1, 100)], CancellationToken.None);
        var outboxScans = await OutboxSequentialScansAsync(context) - scansBefore;

        // Assert: 7's update and 8's create in flight, nothing for the creates that wait; the outbox never read whole.
        Assert.Equal([7, 8], pending.Keys.Order());
        Assert.Equal(["notes"], pending[7]);
        Assert.Equal([PendingPushes.CreateInFlight], pending[8]);
        Assert.Equal(0L, outboxScans);
    }

    private static async Task<long> OutboxSequentialScansAsync(TrackingDbContext context)
    {
        await using var scans = new NpgsqlCommand(
            "SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'dart_outbox'", (NpgsqlConnection)context.Database.GetDbConnection());
        return (long)(await scans.ExecuteScalarAsync())!;
    }
}
