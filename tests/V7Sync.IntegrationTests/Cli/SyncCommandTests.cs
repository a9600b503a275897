using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>`v7sync sync` as an operator runs it: the real executable, one cycle against DART, then exit.</summary>
public sealed class SyncCommandTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeDart _dart = new();
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) SELECT 1, n, 'Work ' || n FROM generate_series(1, 3) AS n");
    }

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

    private Task<V7SyncProcess.Result> SyncAsync() =>
        V7SyncProcess.RunAsync(["sync"], _dart.Settings()
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!)
            .Append(new("ConnectionStrings__Tracking", _db.ConnectionString))
            .ToDictionary());

    [Fact]
    public async Task Sync_Runs_One_Cycle_Prints_What_It_Did_And_Exits_Zero()
    {
        // Arrange
        _dart.Serve([.. Enumerable.Range(1, 3).Select(n => NewTask($"task{n:D8}", $"P1.T{n} Work {n}", "Doing", T0.AddMinutes(n)))]);

        // Act
        var result = await SyncAsync();

        // Assert: one walk (two pages of two), every row linked and in progress, audited with source cli.
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Incremental sync: 2 list request(s), 3 task(s) seen, 3 fetched, 3 work order(s) changed", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(3L, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE status = 'in_progress' AND dart_task_id IS NOT NULL"));
        Assert.Equal(["cli"], (await _db.RowsAsync("SELECT DISTINCT source FROM v7_sync_audit")).Select(r => (string)r[0]!));
        Assert.Equal(T0.AddMinutes(3).UtcDateTime, await _db.ScalarAsync<DateTime>("SELECT watermark FROM dart_sync_state"));
    }

    [Fact]
    public async Task A_Rejected_Token_Exits_3_With_One_Line_That_Keeps_The_Token_Secret()
    {
        // Arrange
        _dart.StubList("""{"detail":"Invalid token."}""", status: 401);

        // Act
        var result = await SyncAsync();

        // Assert
        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("v7sync sync: ", line, StringComparison.Ordinal);
        Assert.Contains("401", line, StringComparison.Ordinal);
        Assert.Contains("watermark is unchanged", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit"));
    }
}
