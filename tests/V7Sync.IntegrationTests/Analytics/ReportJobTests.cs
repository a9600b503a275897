using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Quartz;
using V7Sync.Analytics;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Jobs;
using V7Sync.Jobs;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Analytics;

/// <summary>Report:Cron schedules ReportJob, which writes Report:Path; without Report:Cron there is no such job.</summary>
public sealed class ReportJobTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Report_Cron_Schedules_A_Job_That_Writes_The_Report_To_Report_Path()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await AnalyticsHistory.SeedAsync(db);
        var path = Path.Combine(Path.GetTempPath(), $"v7sync-report-{Guid.NewGuid():N}", "report.html");
        await using var services = Build(db, new() { ["Report:Cron"] = "0 0 6 * * ?", ["Report:Path"] = path });
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        try
        {
            // Act
            var trigger = Assert.IsType<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("ReportJob.cron")), exactMatch: false);
            var job = await scheduler.GetJobDetail(new JobKey("ReportJob"));
            await scheduler.Start();
            await scheduler.TriggerJob(new JobKey("ReportJob"));
            await WaitFor.ConditionAsync(() => Task.FromResult(File.Exists(path)), TimeSpan.FromSeconds(60), "the report file");
            await scheduler.Shutdown(waitForJobsToComplete: true);

            // Assert
            Assert.Equal("0 0 6 * * ?", trigger.CronExpressionString);
            Assert.Equal(CronTriggerMisfireInstruction.DoNothing, trigger.MisfireInstruction);
            Assert.True(job!.ConcurrentExecutionDisallowed);
            var html = await File.ReadAllTextAsync(path);
            Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
            Assert.Contains("As of 2026-11-25 12:00 UTC", html, StringComparison.Ordinal); // the injected clock's "now"
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task Without_Report_Cron_No_Report_Job_Is_Scheduled()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var services = Build(db, new() { ["Report:Path"] = "/tmp/unused.html" });

        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        Assert.Null(await scheduler.GetJobDetail(new JobKey("ReportJob")));
        Assert.Null(await scheduler.GetTrigger(new TriggerKey("ReportJob.cron")));
        Assert.NotNull(await scheduler.GetJobDetail(new JobKey("IntegrityCheckJob")));
    }

    private static ServiceProvider Build(TestDatabase db, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Jobs:Enabled"] = "false", ["Jobs:Clustered"] = "false" });
        builder.Services.AddSingleton(NpgsqlDataSource.Create(db.ConnectionString));
        builder.Services.AddSingleton<IDartSync, NoSync>();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(AnalyticsHistory.Now));
        builder.Services.AddLogging();
        builder.AddJobs();
        builder.AddAnalytics();
        return builder.Services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
