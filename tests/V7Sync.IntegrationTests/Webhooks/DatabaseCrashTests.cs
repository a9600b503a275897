using System.Net;
using V7Sync.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// The tracking database crashes (an immediate stop: its unwritten WAL is gone) the moment the last delivery is
/// answered, while the processor is still applying, on a database that commits synchronously unless told otherwise.
/// Every acknowledged delivery is still in the inbox, and whatever the processor's unflushed commits lost is applied
/// again (ReplayableCommit): every work order ends in its last event's state.
/// </summary>
/// <remarks>Serial: it stops the one server every other test's database lives on.</remarks>
[Collection(SerialCollection.Name)]
public sealed class DatabaseCrashTests(PostgresServer server, ITestOutputHelper output)
{
    private const int Tasks = 20, Steps = 10;
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly string[] Statuses = ["To-do", "Doing", "In review", "Done"];

    [Fact]
    public async Task A_Crash_Right_After_The_Answers_Loses_No_Acknowledged_Delivery_And_Every_Work_Order_Ends_In_Its_Last_State()
    {
        if (server.Cluster is not { } cluster)
        {
            output.WriteLine($"SKIPPED: {PostgresServer.EnvironmentVariable} names an external server, which this test cannot stop.");
            return;
        }

        // Arrange: the test cluster runs without synchronous commit; this database has it, as a production one does.
        await using var db = await server.CreateDurableDatabaseAsync();

        for (var task = 1; task <= Tasks; task++)
        {
            await db.SeedWorkOrderAsync(1, task);
        }

        // A short lease: rows whose claim outlived the crash but whose outcome did not come back within seconds.
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:ClaimLease", "00:00:03")));
        using var client = app.CreateClient();
        var events = Enumerable.Range(0, Steps)
            .SelectMany(step => Enumerable.Range(1, Tasks).Select(task => DartWebhooks.TaskEvent(
                "task.updated", TaskId(task), $"P1.T{task} Crash task", Statuses[step % Statuses.Length], At.AddSeconds(step))))
            .ToList();

        // Act: eight senders; the server crashes as soon as the last answer is in.
        using var senders = new SemaphoreSlim(8);
        var answers = await Task.WhenAll(events.Select(async body =>
        {
            await senders.WaitAsync();
            try
            {
                using var response = await client.PostAsync(body);
                return response.StatusCode;
            }
            finally
            {
                senders.Release();
            }
        }));
        await cluster.StopAsync();
        await cluster.RestartAsync();
        foreach (var row in await db.RowsAsync("SELECT status, COUNT(*) FROM dart_webhook_inbox GROUP BY status ORDER BY status"))
        {
            output.WriteLine($"After the crash: {row[0]} {row[1]}");
        }

        // Assert
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(events.Count, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
        await db.WaitForInboxDrainedAsync();
        var last = Statuses[(Steps - 1) % Statuses.Length];
        var unfinished = await db.RowsAsync($"""
            SELECT task_number FROM v7_subworkflow_tasks
            WHERE dart_status IS DISTINCT FROM '{last}' OR dart_updated_at IS DISTINCT FROM '{At.AddSeconds(Steps - 1):O}'::timestamptz
            """);
        Assert.Empty(unfinished);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox WHERE status NOT IN ('processed', 'superseded')"));
    }

    private static string TaskId(int task) => $"crash{task:D7}";
}
