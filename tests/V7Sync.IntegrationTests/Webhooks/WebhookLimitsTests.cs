using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Webhooks;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>What one webhook request may hold: memory for the bytes that arrived, a place among a bounded few, a bounded time.</summary>
public sealed class WebhookLimitsTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_Body_Declaring_A_MiB_That_Sends_A_Few_Bytes_Does_Not_Get_A_MiB_Buffer()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        var counter = new RequestBodyCounter();
        await using var factory = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(counter)));
        using var client = StreamingClient(app);
        using var request = DartWebhooks.SignedRequest("{}");
        request.Content = new StreamedContent(100, declaredLength: 1024 * 1024);

        // Act
        using var response = await client.SendAsync(request);

        // Assert: the body ended short (400), and the server never held more than its first buffer for it.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(100, counter.Read);
        Assert.InRange(counter.LargestArrayOffered, 1, WebhookBodyReader.FirstBufferBytes);
    }

    [Fact]
    public async Task Requests_Beyond_MaxConcurrentRequests_Get_503_With_Retry_After_And_Health_Is_Not_Limited()
    {
        // Arrange: a limit of one, taken by a delivery whose body is held back.
        await using var db = await server.CreateDatabaseAsync();
        var counter = new RequestBodyCounter();
        await using var factory = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:MaxConcurrentRequests", "1")));
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(counter)));
        using var client = StreamingClient(app);
        var body = Encoding.UTF8.GetBytes(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "P1.T1 Enums", "Doing", At));
        var held = new HeldContent(body, head: 10);
        using var first = DartWebhooks.SignedRequest(body);
        first.Content = held;
        var inFlight = client.SendAsync(first);
        try
        {
            await WaitFor.ConditionAsync(() => Task.FromResult(counter.Read > 0), Patience, "the first request to be reading its body");

            // Act
            using var second = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "zyxwvuZYXWVU", "P1.T2 Keys", "Doing", At));
            using var management = V7SyncApp.CreateManagementClient(app);
            using var health = await management.GetAsync(new Uri("/healthz/live", UriKind.Relative));
            held.Release();
            using var firstResponse = await inFlight;
            using var third = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "zyxwvuZYXWVU", "P1.T2 Keys", "Doing", At));

            // Assert: the extra one is turned away, told when to come back, and not stored; the others are.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(WebhookLimits.RetryAfterSeconds), second.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
            Assert.Equal(2L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
        }
        finally
        {
            held.Release();
        }
    }

    [Fact]
    public async Task A_Request_Longer_Than_RequestTimeout_Is_Cut_Off_With_503()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:RequestTimeout", "00:00:01")));
        using var client = StreamingClient(app);
        var held = new HeldContent(Encoding.UTF8.GetBytes(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "P1.T1 Enums", "Doing", At)), head: 10);
        using var request = DartWebhooks.SignedRequest("{}");
        request.Content = held;
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            // Act: the body never completes.
            using var response = await client.SendAsync(request, patience.Token);

            // Assert
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(WebhookLimits.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
            Assert.Contains("Webhooks:RequestTimeout", await response.Content.ReadAsStringAsync(patience.Token), StringComparison.Ordinal);
            Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
        }
        finally
        {
            held.Release();
        }
    }

    /// <summary>A client that sends a body as it is produced: the default one buffers it first, to be able to follow a redirect.</summary>
    private static HttpClient StreamingClient(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}
