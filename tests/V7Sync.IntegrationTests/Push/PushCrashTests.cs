using V7Sync.IntegrationTests.Cli;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Push;

/// <summary>
/// Never twice: V7Sync (the real executable, `v7sync run`) is killed after DART created a work order's task and
/// before V7Sync committed the link; the V7Sync started after it finds that task in DART and links it.
/// </summary>
public sealed class PushCrashTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Leases a cold process outlasts on a loaded machine: with one second, the first run's own second worker took the
    // row again before the create (three attempts in all). The run after the kill waits out the first lease.
    private static Dictionary<string, string> Environment(TestDatabase db, DartSandbox dart, string search, string lease) =>
        PushSandboxTests.Settings(dart, push: true, ("Push:ClaimLease", lease), ("Push:SearchBeforeCreate", search), ("Dart:PollEnabled", "false"), ("Jobs:Enabled", "false"),
                ("Webhooks:Secret", V7SyncApp.WebhookSecret), ("Urls", "http://127.0.0.1:0"), ("ConnectionStrings:Tracking", db.ConnectionString))
            .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);

    [Theory]
    [InlineData("Always")]
    [InlineData("Retries")]
    public async Task Killed_Between_Darts_Answer_And_The_Commit_The_Next_Run_Links_The_One_Task_Dart_Made(string search)
    {
        // Arrange: DART creates the task, and V7Sync dies before it reads the answer.
        await using var db = await server.CreateDatabaseAsync();
        await using var dart = await DartSandbox.StartAsync();
        var first = RunningV7Sync.Start(["run"], Environment(db, dart, search, lease: "00:00:05"));
        var killed = new TaskCompletionSource();
        dart.Creates.BeforeAnswer = _ =>
        {
            if (!killed.Task.IsCompleted)
            {
                first.Kill();
                killed.SetResult();
            }

            return Task.CompletedTask;
        };

        // Act
        await db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 3, 'Document all duplicate ENUMs')");
        await killed.Task.WaitAsync(Timeout);
        first.Dispose();
        Assert.Null(await db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks"));
        Assert.Equal("processing", await db.ScalarAsync<string>("SELECT status FROM dart_outbox"));
        using var second = RunningV7Sync.Start(["run"], Environment(db, dart, search, lease: "00:00:30"));
        await WaitFor.ConditionAsync(async () => second.ExitedEarly() || await db.ScalarAsync<string>("SELECT status FROM dart_outbox") == "done",
            Timeout, "the restarted V7Sync to finish the push");

        // Assert: one DART task, linked; found, not created again.
        var id = Assert.Single(dart.Creates.Ids);
        Assert.Equal(1, dart.Store.Count);
        Assert.Equal(id, await db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks"));
        Assert.StartsWith($"linked DART task {id}", await db.ScalarAsync<string>("SELECT outcome FROM dart_outbox"), StringComparison.Ordinal);
        Assert.Equal(2, await db.ScalarAsync<int>("SELECT attempts FROM dart_outbox"));
    }
}
