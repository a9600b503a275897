using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// POST /webhooks/dart through the real HTTP pipeline and a real database: signatures and bodies (what is stored:
/// WebhookEndpointTests.Storage.cs).
/// </summary>
public sealed partial class WebhookEndpointTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_Validly_Signed_Event_Is_Stored_Before_The_200()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();

        using var response = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "P1.T1 Enums", "Doing", At));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"success":true}""", await response.Content.ReadAsStringAsync());
        // Acknowledged means committed: the row is there the moment the 200 is.
        var row = Assert.Single(await db.RowsAsync("SELECT event_type, dart_task_id, dart_updated_at, dedupe_key FROM dart_webhook_inbox"));
        Assert.Equal("task.updated", row[0]);
        Assert.Equal("abcdefABCDEF", row[1]);
        Assert.Equal(At, new DateTimeOffset((DateTime)row[2]!));
        Assert.NotNull(row[3]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-secret")]
    public async Task A_Missing_Or_Wrong_Signature_Is_401_And_Nothing_Is_Stored(string? secret)
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();

        using var response = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "x", "Doing", At), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }

    [Fact]
    public async Task A_Signature_Of_Another_Body_Is_401()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();
        using var request = DartWebhooks.SignedRequest("""{"type":"task.updated","data":{}}""");
        request.Content = new StringContent("""{"type":"task.deleted","data":{}}""", Encoding.UTF8, "application/json");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }

    [Fact]
    public async Task During_Rotation_The_Old_And_The_New_Secret_Are_Both_Accepted()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(
            ("Webhooks:Secret", "new-secret"), ("Webhooks:Secrets:0", "old-secret")));
        using var client = app.CreateClient();

        using var withOld = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "x", "Doing", At), "old-secret");
        using var withNew = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "x", "Done", At.AddSeconds(1)), "new-secret");
        using var withRetired = await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "abcdefABCDEF", "x", "Done", At.AddSeconds(2)), V7SyncApp.WebhookSecret);

        Assert.Equal(HttpStatusCode.OK, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withRetired.StatusCode);
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_Body_Over_MaxBodyBytes_Is_413_With_Or_Without_Content_Length(bool declareLength)
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:MaxBodyBytes", "4096")));
        using var client = StreamingClient(app);
        var body = Encoding.UTF8.GetBytes("""{"type":"task.updated","data":{"id":"abcdefABCDEF","description":" """ + new string('x', 5000) + "\"}}");
        using var request = DartWebhooks.SignedRequest(body);
        if (!declareLength)
        {
            request.Content = new UnknownLengthContent(body);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }

    [Fact]
    public async Task A_Chunked_Body_Over_MaxBodyBytes_Is_413_After_Reading_No_More_Than_The_Limit()
    {
        const int max = 4096;
        const long size = 16L * 1024 * 1024;
        await using var db = await server.CreateDatabaseAsync();
        var counter = new RequestBodyCounter();
        await using var factory = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(("Webhooks:MaxBodyBytes", $"{max}")));
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(counter)));
        using var client = StreamingClient(app);
        using var request = DartWebhooks.SignedRequest("{}");
        request.Content = new StreamedContent(size);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(request.Content.Headers.ContentLength);
        // The limit plus the one byte that shows it is exceeded, not the 16 MiB the client was ready to send.
        Assert.InRange(counter.Read, max, max + 1);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }

    [Fact]
    public async Task A_Body_Shorter_Than_Its_Content_Length_Is_400_And_Nothing_Is_Stored()
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = StreamingClient(app);
        using var request = DartWebhooks.SignedRequest("{}");
        request.Content = new StreamedContent(100, declaredLength: 1000);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox"));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{"type":"task.updated"}""")]
    [InlineData("""{"data":{"id":"abcdefABCDEF"}}""")]
    public async Task A_Malformed_Signed_Body_Is_400_Problem_And_Kept_As_Rejected(string body)
    {
        await using var db = await server.CreateDatabaseAsync();
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();

        using var response = await client.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        var row = Assert.Single(await db.RowsAsync("SELECT status, raw_body, last_error FROM dart_webhook_inbox"));
        Assert.Equal("rejected", row[0]);
        Assert.Equal(body, Encoding.UTF8.GetString((byte[])row[1]!));
        Assert.NotNull(row[2]);
    }

    private static HttpClient StreamingClient(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A body sent chunked, without Content-Length, so the limit must be enforced while streaming.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] _body;

        public UnknownLengthContent(byte[] body)
        {
            _body = body;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
