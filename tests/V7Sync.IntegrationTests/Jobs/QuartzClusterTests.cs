using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Jobs;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>
/// Two replicas: two Quartz schedulers configured as the app configures them (UseTrackingDatabase, clustered), with
/// distinct instance ids, on one test database. Each firing must run on exactly one of them.
/// </summary>
public sealed class QuartzClusterTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_Schedulers_On_One_Database_Fire_Each_Trigger_Once()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE job_runs (id serial PRIMARY KEY, trigger_name text NOT NULL, instance_id text NOT NULL)");
        await using var nodeA = await Node.StartAsync(db, "node-a");
        await using var nodeB = await Node.StartAsync(db, "node-b");

        // Act: five one-shot triggers, due at once
        var due = TimeProvider.System.GetUtcNow().AddSeconds(1);
        for (var i = 1; i <= 5; i++)
        {
            await nodeA.Scheduler.ScheduleJob(TriggerBuilder.Create().WithIdentity($"once-{i}").ForJob(RecordingJob.Key).StartAt(due).Build());
        }

        // Wait until every trigger has completed (a fired one-shot trigger is deleted) and nothing is still executing.
        await WaitFor.ConditionAsync(async () =>
            await db.ScalarAsync<long>("SELECT count(*) FROM quartz.qrtz_triggers WHERE trigger_name LIKE 'once-%'") == 0
            && await db.ScalarAsync<long>("SELECT count(*) FROM quartz.qrtz_fired_triggers") == 0, Timeout);

        // Assert
        var runs = await db.RowsAsync("SELECT trigger_name, count(*) FROM job_runs GROUP BY trigger_name ORDER BY trigger_name");
        Assert.Equal(Enumerable.Range(1, 5).Select(i => new object[] { $"once-{i}", 1L }), runs);
        Assert.Equal(["node-a", "node-b"],
            (await db.RowsAsync("SELECT instance_name FROM quartz.qrtz_scheduler_state ORDER BY 1")).Select(r => r[0]));
    }

    [Fact]
    public async Task The_Schedule_Goes_On_When_A_Replica_Stops()
    {
        // Arrange: a trigger repeating every second, shared by two replicas
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE job_runs (id serial PRIMARY KEY, trigger_name text NOT NULL, instance_id text NOT NULL)");
        var nodeA = await Node.StartAsync(db, "node-a");
        await using var nodeB = await Node.StartAsync(db, "node-b");
        await nodeA.Scheduler.ScheduleJob(TriggerBuilder.Create().WithIdentity("every-second").ForJob(RecordingJob.Key)
            .StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()).Build());
        await WaitFor.ConditionAsync(async () => await db.ScalarAsync<long>("SELECT count(*) FROM job_runs") >= 2, Timeout);

        // Act: replica A goes away
        await nodeA.DisposeAsync();
        var afterStop = await db.ScalarAsync<int>("SELECT coalesce(max(id), 0) FROM job_runs");

        // Assert: the firings go on, on replica B
        await WaitFor.ConditionAsync(async () =>
            await db.ScalarAsync<long>("SELECT count(*) FROM job_runs WHERE id > $1 AND instance_id = 'node-b'", afterStop) >= 3, Timeout);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM job_runs WHERE id > $1 AND instance_id <> 'node-b'", afterStop));
    }

    [Fact]
    public async Task A_Replica_That_Dies_Mid_Job_Does_Not_Stop_The_Schedule()
    {
        // Arrange: replica A takes the repeating trigger and hangs in the job (RecordingJob never returns on node-a)
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("CREATE TABLE job_runs (id serial PRIMARY KEY, trigger_name text NOT NULL, instance_id text NOT NULL)");
        var nodeA = await Node.StartAsync(db, "node-a");
        await nodeA.Scheduler.ScheduleJob(TriggerBuilder.Create().WithIdentity("hang-on-a").ForJob(RecordingJob.Key)
            .StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).RepeatForever()).Build());
        await WaitFor.ConditionAsync(async () =>
            await db.ScalarAsync<long>("SELECT count(*) FROM quartz.qrtz_fired_triggers WHERE instance_name = 'node-a' AND state = 'EXECUTING'") == 1, Timeout);

        // Act: A stops checking in without finishing its job (its scheduler goes, the job and its claim stay behind);
        // B starts and has to notice A's missed check-ins.
        await nodeA.Scheduler.Shutdown(waitForJobsToComplete: false);
        const string LeftBehind = "SELECT count(*) FROM quartz.qrtz_fired_triggers WHERE instance_name = 'node-a'";
        Assert.Equal(1, await db.ScalarAsync<long>(LeftBehind));
        await using var nodeB = await Node.StartAsync(db, "node-b");

        // Assert: B recovers A's claim and the trigger goes on firing, on B
        await WaitFor.ConditionAsync(async () =>
            await db.ScalarAsync<long>("SELECT count(*) FROM job_runs WHERE instance_id = 'node-b'") >= 2, Timeout);
        Assert.Equal(0, await db.ScalarAsync<long>(LeftBehind));
        RecordingJob.Hang.Cancel();
        await nodeA.DisposeAsync();
    }

    /// <summary>One replica's scheduler, built with the app's own store configuration.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private bool _disposed;

        private Node(ServiceProvider services, IScheduler scheduler)
        {
            _services = services;
            Scheduler = scheduler;
        }

        public IScheduler Scheduler { get; }

        public static async Task<Node> StartAsync(TestDatabase db, string instanceId)
        {
            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton(NpgsqlDataSource.Create(db.ConnectionString))
                .AddQuartz(quartz =>
                {
                    // Check in every second and call a replica dead after two missed seconds, so the test is quick.
                    quartz.UseTrackingDatabase(clustered: true, c => (c.CheckinInterval, c.CheckinMisfireThreshold) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));
                    // Idle schedulers look for due triggers every second, so both replicas compete for each firing.
                    quartz.ConfigureScheduler(s => (s.InstanceId, s.IdleWaitTime) = (instanceId, TimeSpan.FromSeconds(1)));
                    quartz.AddJob<RecordingJob>(job => job.WithIdentity(RecordingJob.Key).StoreDurably());
                })
                .BuildServiceProvider();
            var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.Start();
            return new Node(services, scheduler);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_disposed)
            {
                _disposed = true;
                await Scheduler.Shutdown(waitForJobsToComplete: true);
                await _services.DisposeAsync();
            }
        }
    }
}

/// <summary>Records which replica ran which firing.</summary>
[DisallowConcurrentExecution]
public sealed class RecordingJob(NpgsqlDataSource dataSource) : IJob
{
    public static readonly JobKey Key = new(nameof(RecordingJob));

    /// <summary>Node "node-a" hangs in the job until this is cancelled: a replica that dies mid-job.</summary>
    public static CancellationTokenSource Hang { get; } = new();

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.Scheduler.SchedulerInstanceId == "node-a" && context.Trigger.Key.Name == "hang-on-a")
        {
            await Task.Delay(Timeout.Infinite, Hang.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        await using var command = dataSource.CreateCommand("INSERT INTO job_runs (trigger_name, instance_id) VALUES ($1, $2)");
        command.Parameters.AddWithValue(context.Trigger.Key.Name);
        command.Parameters.AddWithValue(context.Scheduler.SchedulerInstanceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
