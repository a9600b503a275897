using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>`v7sync push [--dry-run] [--backfill]` and `v7sync sync`'s drain, as an operator runs them: the real executable.</summary>
public sealed class PushCommandTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeDart _dart = new();
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await server.CreateDatabaseAsync(migrated: false);

    public async Task DisposeAsync()
    {
        try
        {
            _dart.Dispose(); // fails the test on an unstubbed request; the database is dropped all the same
        }
        finally
        {
            await _db.DisposeAsync();
        }
    }

    private Task<V7SyncProcess.Result> RunAsync(params string[] args) =>
        V7SyncProcess.RunAsync(args, _dart.Settings(new() { ["Push:Enabled"] = "true" })
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!)
            .Append(new("ConnectionStrings__Tracking", _db.ConnectionString))
            .ToDictionary());

    /// <summary>The database as it was before the push existed (migrations up to 003), then migrated to today.</summary>
    private async Task MigrateWithRowsFromBeforeThePushAsync(string rows)
    {
        await using (var context = _db.NewContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("20261125000300_QuartzSchema");
        }

        await _db.ExecuteAsync("INSERT INTO v7_migration_workflow (phase_number, phase_name) VALUES (1, 'Assessment')");
        await _db.ExecuteAsync(rows);
        await PostgresServer.MigrateAsync(_db.ConnectionString);
    }

    [Fact]
    public async Task Rows_From_Before_The_Push_Get_Their_Dart_Task_Only_From_Push_Backfill()
    {
        // Arrange: three work orders from before: one needs a DART task, one has it, one is cancelled.
        await MigrateWithRowsFromBeforeThePushAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, dart_task_id)
            VALUES (1, 1, 'Inventory', 'pending', NULL), (1, 2, 'Map', 'in_progress', 'dartTaskBBBB'), (1, 3, 'Dropped', 'cancelled', NULL)
            """);

        // Act & Assert: the migration queued nothing, and a plain push has nothing to do.
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_outbox"));
        var plain = await RunAsync("push");
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.Contains("Push: nothing waiting in the outbox.", plain.Stdout, StringComparison.Ordinal);

        // A dry backfill names the one work order it would create, and queues nothing.
        var dry = await RunAsync("push", "--backfill", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Stderr);
        Assert.Contains("P1.T1     would queue a create (backfill)", dry.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("P1.T3", dry.Stdout, StringComparison.Ordinal);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_outbox"));
        Assert.Equal(0, _dart.AllRequests);

        // The backfill creates it.
        _dart.StubSearch("P1.T1");
        _dart.StubCreate(NewTask("createdTask1", "P1.T1 Inventory", "To-do", T0));
        var backfill = await RunAsync("push", "--backfill");
        Assert.True(backfill.ExitCode == 0, backfill.Stderr);
        Assert.Contains("P1.T1     queued a create (backfill)", backfill.Stdout, StringComparison.Ordinal);
        Assert.Contains("P1.T1     created", backfill.Stdout, StringComparison.Ordinal);
        Assert.Equal("createdTask1", await _db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks WHERE task_number = 1"));
        Assert.Single(_dart.Bodies("POST", "/tasks"));
    }

    [Fact]
    public async Task The_Migration_Keeps_A_Status_V7Sync_Brought_From_Dart_As_Darts()
    {
        // Arrange: P1.T1 was cancelled in DART (audited), P1.T2 by the conductor's SQL (never audited).
        await MigrateWithRowsFromBeforeThePushAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, dart_task_id, updated_at)
            VALUES (1, 1, 'A', 'cancelled', 'dartTaskAAAA', '2026-11-01'), (1, 2, 'B', 'cancelled', 'dartTaskBBBB', '2026-11-01');
            INSERT INTO v7_sync_audit (source, action, task_id, field, old_value, new_value)
            SELECT 'poll', 'status_changed', id, 'status', 'in_progress', 'cancelled' FROM v7_subworkflow_tasks WHERE task_number = 1;
            """);

        // Act
        var rows = await _db.RowsAsync("SELECT task_number, status_origin, updated_at = '2026-11-01' FROM v7_subworkflow_tasks ORDER BY task_number");

        // Assert: DART's cancel is DART's (a persona may reopen it); the conductor's is a decision; updated_at untouched.
        Assert.Equal([(1, "dart", true), (2, "conductor", true)], rows.Select(r => ((int)r[0]!, (string)r[1]!, (bool)r[2]!)));
    }

    [Fact]
    public async Task Push_Dry_Run_Prints_What_Would_Be_Done_And_Changes_Nothing()
    {
        // Arrange: a new work order, and a renamed linked one.
        await PostgresServer.MigrateAsync(_db.ConnectionString);
        await _db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 1, 'Inventory');
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, dart_task_id) VALUES (1, 2, 'Map', 'dartTaskBBBB');
            UPDATE v7_subworkflow_tasks SET task_name = 'Map the keys' WHERE task_number = 2;
            """);
        var before = await _db.RowsAsync("SELECT id, status, attempts FROM dart_outbox ORDER BY id");

        // Act
        var result = await RunAsync("push", "--dry-run");

        // Assert
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("P1.T1     would create task_name, parent_phase, task_number, responsible_persona, dependencies, notes, status", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("P1.T2     would update task_name", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Push (dry run): 1 would create, 1 would update.", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(before.Select(r => string.Join('|', r)), (await _db.RowsAsync("SELECT id, status, attempts FROM dart_outbox ORDER BY id")).Select(r => string.Join('|', r)));
        Assert.Equal(0, _dart.AllRequests);
    }

    [Fact]
    public async Task Sync_Also_Drains_The_Outbox_Once()
    {
        // Arrange
        await PostgresServer.MigrateAsync(_db.ConnectionString);
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 1, 'Inventory')");
        _dart.Serve([]);
        _dart.StubSearch("P1.T1");
        _dart.StubCreate(NewTask("createdTask1", "P1.T1 Inventory", "To-do", T0));

        // Act
        var result = await RunAsync("sync");

        // Assert
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Push: 1 created.", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("createdTask1", await _db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks"));
    }
}
