using Microsoft.Extensions.DependencyInjection;
using Quartz;
using V7Sync.Jobs;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>FullResyncJob run by a real (in-memory) Quartz scheduler hands the work to IDartSync as a full resync.</summary>
public sealed class FullResyncJobTests
{
    [Fact]
    public async Task The_Job_Runs_A_Full_Sync_With_Source_Resync()
    {
        // Arrange
        var sync = new RecordingSync();
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IDartSync>(sync)
            .AddQuartz(quartz => quartz.AddJob<FullResyncJob>(job => job.WithIdentity("FullResyncJob").StoreDurably()))
            .BuildServiceProvider();
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Start();

        // Act
        await scheduler.TriggerJob(new JobKey("FullResyncJob"));
        var (mode, source) = await sync.Called.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await scheduler.Shutdown(waitForJobsToComplete: true);

        // Assert
        Assert.Equal((SyncMode.Full, "resync"), (mode, source));
    }

    private sealed class RecordingSync : IDartSync
    {
        public TaskCompletionSource<(SyncMode, string)> Called { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SyncReport> RunAsync(SyncMode mode, string source, CancellationToken cancellationToken)
        {
            Called.TrySetResult((mode, source));
            return Task.FromResult(new SyncReport(mode, 1, 3, 3, new V7Sync.Sync.ReconcileSummary(3, 1, 2, 0, 0), null, 0));
        }
    }
}
