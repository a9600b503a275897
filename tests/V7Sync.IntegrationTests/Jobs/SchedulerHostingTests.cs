using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>The real host with Jobs:Enabled: Quartz starts clustered on the tracking database and stores the four triggers.</summary>
public sealed class SchedulerHostingTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task The_App_Hosts_A_Clustered_Scheduler_With_Its_Four_Triggers_In_Schema_Quartz()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, new Dictionary<string, string?> { ["Jobs:Enabled"] = "true" });
        // The full resync is not what this test is about; a stand-in keeps it independent of the DART client.
        await using var host = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IDartSync, NoSync>()));

        // Act: starting the server starts the hosted scheduler
        using var client = host.CreateClient();
        await WaitFor.ConditionAsync(async () =>
            await db.ScalarAsync<long>("SELECT count(*) FROM quartz.qrtz_scheduler_state WHERE sched_name = 'v7sync'") == 1, TimeSpan.FromSeconds(30));

        // Assert
        var triggers = await db.RowsAsync("""
            SELECT t.trigger_name, c.cron_expression, t.misfire_instr
            FROM quartz.qrtz_triggers t JOIN quartz.qrtz_cron_triggers c USING (sched_name, trigger_name, trigger_group)
            WHERE t.sched_name = 'v7sync' ORDER BY 1
            """);
        Assert.Equal(
            [["FullResyncJob.cron", "0 0 2 * * ?"], ["IntegrityCheckJob.cron", "0 0/15 * * * ?"], ["RetentionJob.cron", "0 30 3 * * ?"],
                ["StaleInProgressJob.cron", "0 0 * * * ?"]],
            triggers.Select(t => new[] { (string)t[0]!, (string)t[1]! }));
        Assert.All(triggers, t => Assert.Equal((short)2, t[2])); // CronTrigger MISFIRE_INSTRUCTION_DO_NOTHING
    }
}
