using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>A clean stop and start of a replica logs nothing that reads like a failure (Quartz's "failed or restarted instances").</summary>
public sealed class CleanRestartTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    /// <summary>Quartz's cluster check-in, short for the test; it counts an instance failed after its interval plus 7.5 s.</summary>
    private static readonly TimeSpan Checkin = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan WatchAfterRestart = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task A_Replica_Stopped_Cleanly_Is_Not_Reported_As_A_Failed_Instance_When_It_Starts_Again()
    {
        // Arrange: the scheduler hosted as `run` hosts it (clustered), started and stopped cleanly.
        await using var db = await server.CreateDatabaseAsync();
        await using (var first = Replica(db, new CollectingLoggerProvider()))
        {
            _ = first.Services;
            await WaitFor.ConditionAsync(async () => await CheckedInAsync(db) > 0, TimeSpan.FromSeconds(30), "the first replica to check in");
        }

        // Act: it starts again, and checks in for longer than Quartz takes to call an instance failed.
        var logs = new CollectingLoggerProvider();
        await using var second = Replica(db, logs);
        _ = second.Services;
        var watched = System.Diagnostics.Stopwatch.StartNew();
        await WaitFor.ConditionAsync(async () => watched.Elapsed >= WatchAfterRestart && await CheckedInAsync(db) > 0,
            WatchAfterRestart * 3, "the restarted replica to check in for a while");

        // Assert
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("failed or restarted", StringComparison.Ordinal)
            || e.Message.Contains("orphaned fired triggers", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && e.Category.StartsWith("Quartz", StringComparison.Ordinal));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM quartz.qrtz_scheduler_state"));
    }

    private static Task<long> CheckedInAsync(TestDatabase db) =>
        db.ScalarAsync<long>("SELECT COUNT(*) FROM quartz.qrtz_scheduler_state");

    private static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Replica(TestDatabase db, CollectingLoggerProvider logs) =>
        new V7SyncApp(db.ConnectionString, new Dictionary<string, string?> { ["Jobs:Enabled"] = "true" }).WithWebHostBuilder(b => b
            .ConfigureLogging(logs.AddTo)
            .ConfigureTestServices(s => s.Configure<ClusteringOptions>(o => o.CheckinInterval = Checkin)));
}
