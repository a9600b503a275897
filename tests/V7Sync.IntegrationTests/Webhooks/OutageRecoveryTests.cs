using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Webhooks;
using Xunit.Abstractions;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// The tracking database stops and starts again (the tests' real PostgreSQL): the outage costs a few log lines, not
/// one per request, and the inbox moves again at once, claims whose answer was lost included.
/// </summary>
/// <remarks>Serial: each stops the one server every other test's database lives on.</remarks>
[Collection(SerialCollection.Name)]
public sealed class OutageRecoveryTests(PostgresServer server, ITestOutputHelper output)
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_Five_Second_Outage_Under_Webhook_Load_Writes_At_Most_Ten_Log_Lines()
    {
        if (Cluster() is not { } cluster)
        {
            return;
        }

        // Arrange: the app logging as its console would (appsettings.json's levels), its Quartz scheduler on as in
        // production (its job store meets the outage too), and four senders delivering.
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        var logs = new CollectingLoggerProvider();
        await using var factory = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Jobs:Enabled", "true")));
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(logs.AddAsConsole));
        using var client = app.CreateClient();
        using (var first = await client.PostAsync(Event(0)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        await db.WaitForInboxDrainedAsync();
        await db.ExecuteAsync("CHECKPOINT"); // the test cluster stops "immediate" (a crash); keep what was acknowledged
        var before = logs.Entries.Count;
        using var stopLoad = new CancellationTokenSource();
        var load = new Load(client);
        var senders = Enumerable.Range(0, 4).Select(_ => load.RunAsync(stopLoad.Token)).ToList();

        // Act: five seconds without the database, under load, then back.
        await cluster.StopAsync();
        var down = Stopwatch.StartNew();
        try
        {
            await WaitFor.ConditionAsync(() => Task.FromResult(down.Elapsed >= Outage && load.Refused > 0), Outage * 4, "five seconds of refused load");
        }
        finally
        {
            await cluster.RestartAsync();
        }

        var acceptedBefore = load.Accepted;
        await WaitFor.ConditionAsync(() => Task.FromResult(load.Accepted - acceptedBefore > 20), WebhookFixtures.Timeout, "deliveries to be stored again");
        await stopLoad.CancelAsync();
        await Task.WhenAll(senders);
        await db.WaitForInboxDrainedAsync();

        // Assert
        var outage = logs.Entries.Skip(before).ToList();
        foreach (var entry in outage)
        {
            output.WriteLine(entry.ToString());
        }

        var lines = outage.Sum(e => 1 + (e.Exception?.ToString().Split('\n').Length ?? 0));
        output.WriteLine($"{load.Refused} deliveries answered 503 during the outage; {lines} log line(s).");
        Assert.True(load.Refused > 0, "the load met the outage");
        Assert.True(lines <= 10, $"{lines} log lines:\n{string.Join('\n', outage)}");
        Assert.All(outage, e => Assert.Null(e.Exception));
        Assert.Contains(outage, e => e.Category == typeof(WebhookReceiver).FullName && e.EventId.Id == 1006
            && e.Message.Contains("answered 503 meanwhile", StringComparison.Ordinal) && !e.Message.Contains("; 0 ", StringComparison.Ordinal));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox WHERE status NOT IN ('processed', 'superseded')"));
    }

    [Fact]
    public async Task Inbox_Processing_Resumes_Within_A_Second_Of_The_Database_Being_Back()
    {
        if (Cluster() is not { } cluster)
        {
            return;
        }

        // Arrange: a fallback poll far longer than the bound, so only the failure wait can bring the processor back.
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        var logs = new CollectingLoggerProvider();
        await using var factory = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:PollInterval", "00:00:30")));
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(logs.AddTo));
        var signal = app.Services.GetRequiredService<InboxSignal>();
        // A first row, so the processor has drained once and now waits for its 30-second poll.
        await InsertPendingAsync(db, "warmWARMwarm", "P9.T9 Not a work order");
        signal.Wake();
        await WaitFor.ConditionAsync(async () => await StatusAsync(db, "warmWARMwarm") == "processed", WebhookFixtures.Timeout, "the first row");
        // A row nothing wakes the processor for: stored before the outage, so only the failure wait can reach it.
        await InsertPendingAsync(db, "resumeRESUME");
        await db.ExecuteAsync("CHECKPOINT"); // the test cluster stops "immediate" (a crash); keep the row

        // The processor meets the outage (woken, as a delivery would wake it) and waits to try again.
        await cluster.StopAsync();
        try
        {
            signal.Wake();
            await WaitFor.ConditionAsync(() => Task.FromResult(logs.Where(typeof(WebhookInboxProcessor).FullName!, 1005).Count > 0),
                WebhookFixtures.Timeout, "the processor to meet the outage");
        }
        finally
        {
            await cluster.RestartAsync();
        }

        // Act: the database is back.
        var back = Stopwatch.StartNew();
        await WaitFor.ConditionAsync(async () => await StatusAsync(db, "resumeRESUME") == "processed",
            WebhookFixtures.Timeout, "the row to be processed");
        var resumedAfter = back.Elapsed;

        // Assert
        output.WriteLine($"Processed {resumedAfter.TotalMilliseconds:F0} ms after the database was back.");
        Assert.True(resumedAfter < TimeSpan.FromSeconds(1), $"resumed after {resumedAfter}");
        Assert.Single(logs.Where(typeof(WebhookInboxProcessor).FullName!, 1006)); // and the episode's end was said, once
    }

    [Fact]
    public async Task A_Claim_Whose_Reply_Was_Lost_Is_Taken_Again_Within_Seconds_Not_After_Its_Lease()
    {
        if (Cluster() is not { } cluster)
        {
            return;
        }

        // Arrange: the app reaches PostgreSQL through a relay that can swallow replies; a two-minute lease.
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var proxy = new ReplyHoldingProxy(cluster.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        await using var app = new V7SyncApp(throughProxy, WebhookTestSettings.Fast(
            ("Webhooks:PollInterval", "00:01:00"), ("Webhooks:ClaimLease", "00:02:00")));
        var signal = app.Services.GetRequiredService<InboxSignal>();
        // A first row, so the processor holds an open connection (opening one needs the server's answers too).
        await InsertPendingAsync(db, "warmWARMwarm", "P9.T9 Not a work order");
        signal.Wake();
        await WaitFor.ConditionAsync(async () => await StatusAsync(db, "warmWARMwarm") == "processed", WebhookFixtures.Timeout, "the first row");

        // The claim commits; its answer is swallowed; then the connection dies with the server.
        proxy.HoldReplies = true;
        await InsertPendingAsync(db, "lostLOSTLOST");
        signal.Wake();
        await WaitFor.ConditionAsync(async () => await StatusAsync(db, "lostLOSTLOST") == "processing", WebhookFixtures.Timeout, "the claim to commit");
        await db.ExecuteAsync("CHECKPOINT");
        await cluster.StopAsync();
        proxy.HoldReplies = false;
        await cluster.RestartAsync();

        // Act
        var back = Stopwatch.StartNew();
        await WaitFor.ConditionAsync(async () => await StatusAsync(db, "lostLOSTLOST") == "processed",
            TimeSpan.FromSeconds(20), "the claimed row to be processed well before its two-minute lease runs out");

        // Assert
        output.WriteLine($"Taken again and processed {back.Elapsed.TotalMilliseconds:F0} ms after the database was back.");
        Assert.Equal("completed", await db.WorkOrderStatusAsync(1, 3));
        Assert.Equal(1, await db.ScalarAsync<int>("SELECT attempts FROM dart_webhook_inbox WHERE dart_task_id = 'lostLOSTLOST'"));
    }

    private V7Sync.Sandbox.PrivatePostgres? Cluster()
    {
        if (server.Cluster is { } cluster)
        {
            return cluster;
        }

        // xunit 2 cannot skip at run time; say so in the output instead of pretending to have tested it.
        output.WriteLine($"SKIPPED: {PostgresServer.EnvironmentVariable} names an external server, which this test cannot stop.");
        return null;
    }

    private static string Event(int n) =>
        DartWebhooks.TaskEvent("task.updated", "outageOUTAGE", "P1.T3 Enums", n % 2 == 0 ? "Doing" : "In review", At.AddMilliseconds(n));

    private static Task<string?> StatusAsync(TestDatabase db, string dartTaskId) =>
        db.ScalarAsync<string>("SELECT status FROM dart_webhook_inbox WHERE dart_task_id = $1", dartTaskId);

    private static Task<int> InsertPendingAsync(TestDatabase db, string dartTaskId, string title = "P1.T3 Enums")
    {
        var body = DartWebhooks.TaskEvent("task.updated", dartTaskId, title, "Done", At);
        return db.ExecuteAsync(
            """
            INSERT INTO dart_webhook_inbox (event_type, dart_task_id, dart_updated_at, dedupe_key, body_sha256, raw_body, status)
            VALUES ('task.updated', $1, $2, $3, md5($4), convert_to($4, 'UTF8'), 'pending')
            """, dartTaskId, At, $"task.updated|{dartTaskId}", body);
    }

    /// <summary>Senders delivering distinct events back to back; counts what was answered 503 and what was stored.</summary>
    private sealed class Load(HttpClient client)
    {
        private long _refused;
        private long _accepted;
        private int _next = 1;

        public long Refused => Interlocked.Read(ref _refused);

        public long Accepted => Interlocked.Read(ref _accepted);

        public async Task RunAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.PostAsync(Event(Interlocked.Increment(ref _next)));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref _accepted);
                    }
                    else
                    {
                        Interlocked.Increment(ref _refused);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref _refused);
                }
            }
        }
    }
}
