using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// What the endpoint stores: each delivery once, duplicates and concurrent ones included; unknown kinds recorded;
/// unsigned deliveries only where allowed.
/// </summary>
public sealed partial class WebhookEndpointTests
{
    [Fact]
    public async Task A_Duplicate_Delivery_Is_Acknowledged_And_Stored_Once()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();
        var body = DartWebhooks.TaskEvent("task.status_updated", "abcdefABCDEF", "x", "Doing", At);
        // The same event again in the other payload shape: same kind, task and updatedAt, different bytes.
        var sameEvent = DartWebhooks.TaskEvent("task.status_updated", "abcdefABCDEF", "x", "Doing", At, wrapped: false);

        using var first = await client.PostAsync(body);
        using var again = await client.PostAsync(body);
        using var reshaped = await client.PostAsync(sameEvent);

        Assert.All([first, again, reshaped], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }

    [Fact]
    public async Task Concurrent_Deliveries_Stored_Together_Are_Each_Stored_Once_Duplicates_Included()
    {
        // Arrange: 40 events, each delivered three times at once (twice the same bytes, once reshaped), so that
        // deliveries and their duplicates share one group-committed insert.
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();
        var bodies = Enumerable.Range(1, 40).SelectMany(n =>
        {
            var task = $"task{n:D8}";
            var body = DartWebhooks.TaskEvent("task.updated", task, $"P1.T{n} Work", "Doing", At.AddSeconds(n));
            return new[] { body, body, DartWebhooks.TaskEvent("task.updated", task, $"P1.T{n} Work", "Doing", At.AddSeconds(n), wrapped: false) };
        }).ToList();

        // Act
        var responses = await Task.WhenAll(bodies.Select(b => client.PostAsync(b)));

        // Assert: every delivery acknowledged; each event stored once, with its own task id and version.
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Array.ForEach(responses, r => r.Dispose());
        var rows = await db.RowsAsync("SELECT dart_task_id, dart_updated_at FROM dart_webhook_inbox ORDER BY dart_task_id");
        Assert.Equal(Enumerable.Range(1, 40).Select(n => $"task{n:D8}"), rows.Select(r => (string)r[0]!));
        Assert.All(rows, r => Assert.Equal(At.AddSeconds(int.Parse(((string)r[0]!)[4..], System.Globalization.CultureInfo.InvariantCulture)),
            new DateTimeOffset((DateTime)r[1]!)));
    }

    [Fact]
    public async Task The_Same_Doc_Event_Body_Twice_Is_Stored_Once()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();
        const string body = """{"type":"doc.updated","data":{"model":{"id":"docdocdocdoc","title":"Plan","text":"v2"}}}""";

        using var first = await client.PostAsync(body);
        using var again = await client.PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }

    [Fact]
    public async Task An_Unknown_Event_Kind_Is_200_And_Recorded_As_Ignored()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();

        using var response = await client.PostAsync("""{"type":"dartboard.renamed","data":{"model":{"id":"brdbrdbrdbrd"}}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single(await db.RowsAsync("SELECT status, event_type, processed_at FROM dart_webhook_inbox"));
        Assert.Equal("ignored", row[0]);
        Assert.Equal("dartboard.renamed", row[1]);
        Assert.NotNull(row[2]);
    }

    [Fact]
    public async Task Unsigned_Deliveries_Are_Accepted_Only_When_AllowUnsigned_Is_On_And_No_Secret_Is_Set()
    {
        await using var db = await server.CreateDatabaseAsync();
        var logs = new CollectingLoggerProvider();
        await using var factory = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:Secret", ""), ("Webhooks:AllowUnsigned", "true")));
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(logs.AddTo));
        using var client = app.CreateClient();

        using var response = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "x", "Doing", At), secret: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Said once, at start-up, where an operator looks (the processor says it as it starts, in the background).
        await WaitFor.ConditionAsync(
            () => Task.FromResult(logs.Entries.Any(e => e.EventId.Id == 3000)), WebhookFixtures.Timeout, "the AllowUnsigned warning");
        var warning = Assert.Single(logs.Entries, e => e.EventId.Id == 3000);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Webhooks:AllowUnsigned is on", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_A_Secret_Set_No_Unsigned_Warning_Is_Logged()
    {
        await using var db = await server.CreateDatabaseAsync();
        var logs = new CollectingLoggerProvider();
        await using var factory = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:AllowUnsigned", "true")));
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(logs.AddTo));
        using var client = app.CreateClient();

        using var unsigned = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "x", "Doing", At), secret: null);
        using var signed = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "x", "Done", At.AddSeconds(1)));
        // The processor says it at start-up, before its first batch: once a row is processed it would have been said.
        await db.WaitForInboxDrainedAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Id == 3000);
    }

    [Fact]
    public async Task Run_Without_A_Webhook_Secret_Stops_Naming_Webhooks_Secret()
    {
        await using var db = await server.CreateDatabaseAsync();

        var result = await V7SyncProcess.RunAsync(["run"], new()
        {
            ["ConnectionStrings__Tracking"] = db.ConnectionString,
            ["Tracking__MigrateOnStart"] = "false",
            ["Webhooks__Secret"] = "",
            ["Urls"] = "http://127.0.0.1:0",
        });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            line => line.StartsWith("v7sync run: invalid setting: Webhooks:Secret is required", StringComparison.Ordinal));
    }

    /// <summary>
    /// A client that sends a body as it is produced. The default test client follows redirects, and to be able to
    /// send a body again it buffers it first, which gives every body a Content-Length.
    /// </summary>
}
