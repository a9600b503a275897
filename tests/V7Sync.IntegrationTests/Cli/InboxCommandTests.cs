using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>`v7sync inbox list [--dead]` and `v7sync inbox replay id|--dead`: dead deliveries stay until the conductor handles them.</summary>
public sealed class InboxCommandTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_Dead_Row_Is_Listed_And_Replayed_To_Pending_With_Its_Attempts_Reset_And_Audited()
    {
        // Arrange: one dead row, one pending row.
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO dart_webhook_inbox (event_type, dart_task_id, body_sha256, raw_body, status, attempts, processed_at, last_error)
            VALUES ('task.updated', 'deadDEADdead', 'h1', '\x7b7d', 'dead', 8, now(), 'TimeoutException: the database was away'),
                   ('task.updated', 'waitWAITwait', 'h2', '\x7b7d', 'pending', 1, NULL, NULL)
            """);
        var dead = await db.ScalarAsync<long>("SELECT id FROM dart_webhook_inbox WHERE status = 'dead'");
        var pending = await db.ScalarAsync<long>("SELECT id FROM dart_webhook_inbox WHERE status = 'pending'");
        var environment = new Dictionary<string, string> { ["ConnectionStrings__Tracking"] = db.ConnectionString };

        // Act
        var listed = await V7SyncProcess.RunAsync(["inbox", "list", "--dead"], environment);
        var refused = await V7SyncProcess.RunAsync(["inbox", "replay", pending.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment);
        var replayed = await V7SyncProcess.RunAsync(["inbox", "replay", dead.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment);
        var none = await V7SyncProcess.RunAsync(["inbox", "replay", "--dead"], environment);

        // Assert
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Contains("deadDEADdead", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("the database was away", listed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("waitWAITwait", listed.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, refused.ExitCode);
        Assert.True(replayed.ExitCode == 0, replayed.Stderr);
        Assert.Contains("1 dead row(s) put back to pending", replayed.Stdout, StringComparison.Ordinal);
        Assert.Equal(new object?[] { "pending", 0 }, Assert.Single(await db.RowsAsync($"SELECT status, attempts FROM dart_webhook_inbox WHERE id = {dead}")));
        var audit = Assert.Single(await db.RowsAsync("SELECT source, dart_task_id, old_value, new_value, detail->>'inbox_id' FROM v7_sync_audit WHERE action = 'inbox_replayed'"));
        Assert.Equal(new object?[] { "cli", "deadDEADdead", "dead", "pending", dead.ToString(System.Globalization.CultureInfo.InvariantCulture) }, audit);
        Assert.True(none.ExitCode == 0, none.Stderr);
        Assert.Contains("0 dead row(s)", none.Stdout, StringComparison.Ordinal);
    }
}
