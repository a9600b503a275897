using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Quartz;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Jobs;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>AddJobs as the app calls it: three jobs in DI, each with its cron trigger from Jobs:* and no backlog replay.</summary>
public sealed class JobsRegistrationTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Each_Job_Has_One_Cron_Trigger_From_Configuration_That_Does_Nothing_On_Misfire()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jobs:IntegrityCron"] = "0 0/5 * * * ?",
            ["Jobs:Enabled"] = "false",
        });
        builder.Services.AddSingleton(NpgsqlDataSource.Create(db.ConnectionString));
        builder.Services.AddSingleton<IDartSync, NoSync>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddJobs();
        await using var services = builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // Act
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        // Assert
        Assert.Equal(("0 0 * * * ?", CronTriggerMisfireInstruction.DoNothing), await CronAsync(scheduler, "StaleInProgressJob"));
        Assert.Equal(("0 0/5 * * * ?", CronTriggerMisfireInstruction.DoNothing), await CronAsync(scheduler, "IntegrityCheckJob"));
        Assert.Equal(("0 0 2 * * ?", CronTriggerMisfireInstruction.DoNothing), await CronAsync(scheduler, "FullResyncJob"));
        Assert.Equal(("0 30 3 * * ?", CronTriggerMisfireInstruction.DoNothing), await CronAsync(scheduler, "RetentionJob"));
        Assert.True((await scheduler.GetMetadata()).JobStoreClustered);
        foreach (var job in new[] { typeof(StaleInProgressJob), typeof(IntegrityCheckJob), typeof(FullResyncJob), typeof(RetentionJob) })
        {
            Assert.NotNull(services.CreateScope().ServiceProvider.GetService(job));
            Assert.True((await scheduler.GetJobDetail(new JobKey(job.Name)))!.ConcurrentExecutionDisallowed, job.Name);
        }

        Assert.Empty(services.GetServices<IHostedService>()); // Jobs:Enabled=false hosts no scheduler
    }

    private static async Task<(string, CronTriggerMisfireInstruction)> CronAsync(IScheduler scheduler, string job)
    {
        var trigger = Assert.IsType<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey($"{job}.cron")), exactMatch: false);
        Assert.Equal(new JobKey(job), trigger.JobKey);
        Assert.Equal(TimeZoneInfo.Utc, trigger.TimeZone);
        return (trigger.CronExpressionString!, trigger.MisfireInstruction);
    }
}
