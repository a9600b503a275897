using Microsoft.Extensions.DependencyInjection;
using Quartz;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Jobs;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>IntegrityCheckJob run by a real (in-memory) Quartz scheduler: every rule but stale_in_progress, which StaleInProgressJob owns.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IntegrityCheckJobTests(PostgresServer server)
{
    [Fact]
    public async Task The_Integrity_Job_Opens_Findings_But_Leaves_Stale_Tasks_To_The_Stale_Job()
    {
        // Arrange: one task breaks completed_without_dart_link, one is stale
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name, status, dart_task_id, started_at, completed_at) VALUES
                (1, 1, 1, 'No link', 'completed', NULL, $1, $1),
                (2, 1, 2, 'Stuck', 'in_progress', 'D2', $1, NULL)
            """, RuleHarness.Now.AddDays(-10));
        await using var harness = new RuleHarness(db, configure: services => services
            .AddQuartz(quartz => quartz.AddJob<IntegrityCheckJob>(job => job.WithIdentity(nameof(IntegrityCheckJob)).StoreDurably())));
        var scheduler = await harness.Get<ISchedulerFactory>().GetScheduler();
        await scheduler.Start();
        var job = TriggeredJob.Listen(scheduler, nameof(IntegrityCheckJob));

        // Act
        await job.RunAsync();
        await scheduler.Shutdown(waitForJobsToComplete: true);

        // Assert
        var open = await db.RowsAsync("SELECT rule, subject FROM v7_sync_findings WHERE status = 'open' ORDER BY id");
        Assert.Equal([["completed_without_dart_link", "1"]], open.Select(r => r.Cast<string>().ToArray()));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE action = 'stale_flagged'"));
    }
}
