using Microsoft.Extensions.DependencyInjection;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Sync;

/// <summary>DART's assignees are persona-owned: stored on the work order from each applied snapshot, and audited.</summary>
public sealed class AssigneeSyncTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeDart _dart = new();
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, responsible_persona) VALUES (1, 1, 3, 'Map keys', 'Layer 1 Guardian')");
    }

    public async Task DisposeAsync()
    {
        try
        {
            _dart.Dispose();
        }
        finally
        {
            await _db.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dart_Assignees_Are_Stored_And_Audited_Once_Per_Change()
    {
        // Arrange: assigned to one persona, then (a newer version) to another as DART's single assignee field.
        var first = NewTask("task00000001", "P1.T3 Map keys", "Doing", T0) with { Assignees = ["Layer 1 Guardian"] };
        var second = first with { UpdatedAt = T0.AddMinutes(5), Assignees = null, Assignee = "Layer 2 Builder" };

        // Act: the first version twice (the second time it changes nothing), then the second.
        var outbox = await _db.ScalarAsync<long>("SELECT count(*) FROM dart_outbox"); // the seed's own create row
        _dart.Serve([first]);
        _dart.Serve([], inTrash: true);
        await SyncAsync(SyncMode.Full);
        await SyncAsync(SyncMode.Full);
        _dart.Reset();
        _dart.Serve([second]);
        _dart.Serve([], inTrash: true);
        await SyncAsync(SyncMode.Full);

        // Assert
        Assert.Equal(["Layer 2 Builder"], (await _db.ScalarAsync<string[]>("SELECT dart_assignees FROM v7_subworkflow_tasks WHERE id = 1"))!);
        var audits = await _db.RowsAsync("SELECT field, old_value, new_value FROM v7_sync_audit WHERE action = 'assignees_changed' ORDER BY id");
        Assert.Equal([["dart_assignees", null, "Layer 1 Guardian"], ["dart_assignees", "Layer 1 Guardian", "Layer 2 Builder"]], audits);
        // V7Sync's own write of DART's assignees is not the conductor's: nothing goes back to DART (no echo).
        Assert.Equal(outbox, await _db.ScalarAsync<long>("SELECT count(*) FROM dart_outbox"));
    }

    private async Task SyncAsync(SyncMode mode)
    {
        await using var app = new V7SyncApp(_db.ConnectionString, _dart.Settings());
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(mode, "resync", CancellationToken.None);
    }
}
