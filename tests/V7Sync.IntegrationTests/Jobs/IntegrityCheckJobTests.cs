using Microsoft.Extensions.DependencyInjection;
using Quartz;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Jobs;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>IntegrityCheckJob run by a real (in-memory) Quartz scheduler: every rule, the guide's stale check included.</summary>
public sealed class IntegrityCheckJobTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task The_Integrity_Job_Opens_Every_Rules_Findings_Stale_Tasks_Included_Once_Per_Episode()
    {
        // Arrange: one task breaks completed_without_dart_link, one is stale
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("UPDATE v7_migration_workflow SET status = 'in_progress' WHERE phase_number = 1");
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

        // Act: two firings
        await job.RunAsync();
        await job.RunAsync();
        await scheduler.Shutdown(waitForJobsToComplete: true);

        // Assert: both problems found; the stale episode flagged once
        var open = await db.RowsAsync("SELECT rule, subject FROM v7_sync_findings WHERE status = 'open' ORDER BY rule");
        Assert.Equal([["completed_without_dart_link", "1"], ["stale_in_progress", "2"]], open.Select(r => r.Cast<string>().ToArray()));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE action = 'stale_flagged'"));
    }
}
