using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

/// <summary>The sandbox speaks DART's public API as dart-api.md describes it.</summary>
public sealed partial class DartSandboxTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task List_Pages_With_Absolute_Next_Until_Null_And_Returns_Concise_Tasks()
    {
        // Arrange
        await using var sandbox = await DartSandbox.StartAsync();
        sandbox.Store.Seed(250, i => $"P1.T{i + 1} Task {i + 1}", attachmentsPerTask: 2);
        using var client = SandboxClient.Create(sandbox);

        // Act
        var ids = new List<string>();
        var pages = new List<JsonElement>();
        Uri? next = SandboxClient.Url(sandbox, "/tasks/list?no_defaults=true&o=updated_at&limit=100");
        while (next is not null)
        {
            var page = await client.GetJsonAsync(next);
            pages.Add(page);
            ids.AddRange(page.GetProperty("results").EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
            next = page.GetProperty("next").GetString() is { } url ? new Uri(url) : null;
        }

        // Assert
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Equal(250, p.GetProperty("count").GetInt32()));
        Assert.Equal(250, ids.Distinct().Count());
        var firstNext = pages[0].GetProperty("next").GetString()!;
        Assert.StartsWith(sandbox.BaseUrl + "/tasks/list?", firstNext, StringComparison.Ordinal);
        Assert.Contains("offset=100", firstNext, StringComparison.Ordinal);
        Assert.Contains("limit=100", firstNext, StringComparison.Ordinal);
        Assert.Contains("o=updated_at", firstNext, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, pages[0].GetProperty("previous").ValueKind);
        Assert.Equal(JsonValueKind.Null, pages[2].GetProperty("next").ValueKind);
        Assert.Equal(50, pages[2].GetProperty("results").GetArrayLength());
        var item = pages[0].GetProperty("results")[0];
        Assert.False(item.TryGetProperty("description", out _));
        Assert.False(item.TryGetProperty("attachments", out _));
        Assert.False(item.TryGetProperty("taskRelationships", out _));
        Assert.Equal(3, sandbox.Requests.Count("GET /tasks/list"));
    }

    [Fact]
    public async Task Updated_At_After_Is_Inclusive_And_Sorts_Both_Ways()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { TimeProvider = clock });
        var first = sandbox.Store.Create("P1.T1 First", notify: false);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = sandbox.Store.Create("P1.T2 Second", notify: false);
        clock.Advance(TimeSpan.FromSeconds(1));
        var third = sandbox.Store.Create("P1.T3 Third", notify: false);
        using var client = SandboxClient.Create(sandbox);
        var bound = Uri.EscapeDataString(SandboxJson.Timestamp(second.UpdatedAt));

        // Act
        var ascending = await client.GetJsonAsync(SandboxClient.Url(sandbox, $"/tasks/list?no_defaults=true&updated_at_after={bound}&o=updated_at"));
        var descending = await client.GetJsonAsync(SandboxClient.Url(sandbox, $"/tasks/list?no_defaults=true&updated_at_after={bound}&o=-updated_at"));

        // Assert
        Assert.Equal([second.Id, third.Id], Ids(ascending));
        Assert.Equal([third.Id, second.Id], Ids(descending));
        Assert.DoesNotContain(first.Id, Ids(ascending));
    }

    [Fact]
    public async Task Task_Shapes_Follow_Dart_Timestamps_Ids_Urls_And_Polymorphic_Size()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start.AddTicks(1234567));
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { TimeProvider = clock });
        var numbered = sandbox.Store.Create("P1.T3 Document all duplicate ENUMs", size: 3, notify: false);
        var lettered = sandbox.Store.Create("P1.T4 Another", size: "M", notify: false);
        using var client = SandboxClient.Create(sandbox);

        // Act
        var item = (await client.GetJsonAsync(SandboxClient.Url(sandbox, $"/tasks/{numbered.Id}"))).GetProperty("item");
        var other = (await client.GetJsonAsync(SandboxClient.Url(sandbox, $"/tasks/{lettered.Id}"))).GetProperty("item");
        using var missing = await client.GetAsync(SandboxClient.Url(sandbox, "/tasks/AAAAAAAAAAAA"));

        // Assert
        Assert.Matches(IdPattern(), item.GetProperty("id").GetString());
        Assert.Equal($"https://app.dartai.com/t/{numbered.Id}-P1T3-Document-all-duplicate-ENUMs", item.GetProperty("htmlUrl").GetString());
        Assert.Equal("2026-11-25T09:00:00.123456Z", item.GetProperty("updatedAt").GetString());
        Assert.Equal("2026-11-25T09:00:00.123456Z", item.GetProperty("createdAt").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("completedAt").ValueKind);
        Assert.Equal(JsonValueKind.Number, item.GetProperty("size").ValueKind);
        Assert.Equal(JsonValueKind.String, other.GetProperty("size").ValueKind);
        Assert.Equal("To-do", item.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, item.GetProperty("attachments").ValueKind);
        Assert.True(item.TryGetProperty("description", out _));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(3, sandbox.Requests.Count("GET /tasks/{id}"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Requests_Without_The_Configured_Bearer_Token_Get_401(string? token)
    {
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { Token = "dsa_right" });
        using var client = new HttpClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var list = await client.GetAsync(SandboxClient.Url(sandbox, "/tasks/list"));
        using var config = await client.GetAsync(SandboxClient.Url(sandbox, "/config"));

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, config.StatusCode);
        Assert.Contains("detail", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, sandbox.Requests.Count("GET /tasks/list"));
    }

    [Fact]
    public async Task Put_Updates_Fields_Done_Sets_Completed_At_And_Delete_Moves_To_Trash()
    {
        // Arrange
        var clock = new FakeTimeProvider(Start);
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { TimeProvider = clock });
        using var client = SandboxClient.Create(sandbox);
        using var created = await client.PostAsync(SandboxClient.Url(sandbox, "/tasks"), Json("""{"item": {"title": "P2.T1 Design it"}}"""));
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("item").GetProperty("id").GetString()!;
        clock.Advance(TimeSpan.FromMinutes(5));

        // Act
        using var put = await client.PutAsync(SandboxClient.Url(sandbox, $"/tasks/{id}"), Json($$$"""{"item": {"id": "{{{id}}}", "status": "Done"}}"""));
        var done = JsonDocument.Parse(await put.Content.ReadAsStringAsync()).RootElement.GetProperty("item");
        var completed = await client.GetJsonAsync(SandboxClient.Url(sandbox, "/tasks/list?no_defaults=true&is_completed=true"));
        using var delete = await client.DeleteAsync(SandboxClient.Url(sandbox, $"/tasks/{id}"));
        var listed = await client.GetJsonAsync(SandboxClient.Url(sandbox, "/tasks/list?no_defaults=true"));
        var trash = await client.GetJsonAsync(SandboxClient.Url(sandbox, "/tasks/list?no_defaults=true&in_trash=true"));
        using var afterDelete = await client.GetAsync(SandboxClient.Url(sandbox, $"/tasks/{id}"));

        // Assert
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("Done", done.GetProperty("status").GetString());
        Assert.Equal("2026-11-25T09:05:00.000000Z", done.GetProperty("completedAt").GetString());
        Assert.Equal("P2.T1 Design it", done.GetProperty("title").GetString());
        Assert.Equal([id], Ids(completed));
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Empty(Ids(listed));
        Assert.Equal([id], Ids(trash));
        Assert.Equal(HttpStatusCode.OK, afterDelete.StatusCode);
    }

    [Fact]
    public async Task Config_Lists_Dart_Default_Statuses_And_Comments_Round_Trip()
    {
        await using var sandbox = await DartSandbox.StartAsync();
        var task = sandbox.Store.Create("P1.T1 Something", notify: false);
        using var client = SandboxClient.Create(sandbox);

        var config = await client.GetJsonAsync(SandboxClient.Url(sandbox, "/config"));
        using var posted = await client.PostAsync(SandboxClient.Url(sandbox, "/comments"),
            Json($$$"""{"item": {"taskId": "{{{task.Id}}}", "text": "See https://app.dartai.com/o/AbCdEfGhIjKl-Report"}}"""));
        var comments = await client.GetJsonAsync(SandboxClient.Url(sandbox, $"/comments/list?task_id={task.Id}"));
        using var noTask = await client.GetAsync(SandboxClient.Url(sandbox, "/comments/list"));

        var statuses = config.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Equal(["To-do", "Doing", "In review"], statuses.Take(3));
        Assert.Contains("Done", statuses);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(1, comments.GetProperty("count").GetInt32());
        Assert.Equal(task.Id, comments.GetProperty("results")[0].GetProperty("taskId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, noTask.StatusCode);
    }

    [Fact]
    public async Task Changes_Send_Webhooks_Signed_With_The_Secret_In_Order()
    {
        // Arrange
        const string secret = "whsec-sandbox-test";
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { WebhookUrl = receiver.Url, WebhookSecret = secret });
        var task = sandbox.Store.Create("P1.T3 Document all duplicate ENUMs");

        // Act
        sandbox.Store.SetStatus(task.Id, SandboxDefaults.Doing);
        sandbox.Store.Delete(task.Id);
        await WaitFor.ConditionAsync(() => Task.FromResult(receiver.Received.Count == 4), TimeSpan.FromSeconds(10));

        // Assert
        var received = receiver.Received.ToList();
        Assert.All(received, r => Assert.Equal(ExpectedSignature(secret, r.Body), r.Signature));
        var documents = received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["task.created", "task.updated", "task.status_updated", "task.deleted"], documents.Select(d => d.GetProperty("type").GetString()));
        var updated = documents[1].GetProperty("data");
        Assert.Equal("Doing", updated.GetProperty("model").GetProperty("status").GetString());
        Assert.Equal("To-do", updated.GetProperty("oldModel").GetProperty("status").GetString());
        Assert.Equal("To-do", documents[2].GetProperty("data").GetProperty("oldStatus").GetString());
        Assert.Equal("Doing", documents[2].GetProperty("data").GetProperty("newStatus").GetString());
        Assert.Equal(task.Id, documents[3].GetProperty("data").GetProperty("model").GetProperty("id").GetString());
        Assert.All(sandbox.Webhooks.Attempts, a => Assert.Equal(200, a.StatusCode));
    }

    [Fact]
    public async Task Silent_Changes_Send_No_Webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { WebhookUrl = receiver.Url, WebhookSecret = "s" });
        var task = sandbox.Store.Create("P1.T1 Quiet", notify: false);

        sandbox.Store.SetStatus(task.Id, SandboxDefaults.Doing, notify: false);

        Assert.Equal(0, sandbox.Webhooks.Pending);
        Assert.Empty(sandbox.Webhooks.Attempts);
        Assert.Equal(SandboxDefaults.Doing, sandbox.Store.Get(task.Id).Status);
    }

    private static string ExpectedSignature(string secret, byte[] body)
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(secret));
        return string.Concat(hmac.ComputeHash(body).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("results").EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [GeneratedRegex("^[a-zA-Z0-9]{12}$")]
    private static partial Regex IdPattern();
}
