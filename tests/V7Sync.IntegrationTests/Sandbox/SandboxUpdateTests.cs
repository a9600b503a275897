using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

/// <summary>PUT /tasks/{id} as DART applies it: only the fields present, and the webhooks of what actually changed.</summary>
public sealed class SandboxUpdateTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private WebhookReceiver _receiver = null!;
    private DartSandbox _sandbox = null!;
    private HttpClient _client = null!;
    private SandboxTask _task = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { TimeProvider = _clock, WebhookUrl = _receiver.Url, WebhookSecret = "s" });
        _client = SandboxClient.Create(_sandbox);
        var created = _sandbox.Store.Create("P2.T1 Design the unified status ENUM", description: "Notes of the conductor", size: 3, notify: false);
        _task = _sandbox.Store.Update(created.Id, t => t with { Assignees = ["The Architect"], Tags = ["v7"], Priority = "High" }, notify: false);
        _clock.Advance(TimeSpan.FromMinutes(5));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sandbox.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Put_Changes_Only_The_Fields_Present_And_Sends_Updated_Status_And_Assignees_Events()
    {
        // Act
        var (status, body) = await PutAsync($$$"""{"item": {"id": "{{{_task.Id}}}", "status": "Doing", "assignees": ["Layer 2 Builder"]}}""");
        await WaitFor.ConditionAsync(() => Task.FromResult(_receiver.Received.Count == 3), TimeSpan.FromSeconds(10), "three webhooks");

        // Assert: the answer is the full record; what the body left out is as it was.
        Assert.Equal(HttpStatusCode.OK, status);
        var item = SandboxClient.Item(body);
        Assert.Equal("Doing", item.GetProperty("status").GetString());
        Assert.Equal(["Layer 2 Builder"], Strings(item, "assignees"));
        Assert.Equal("P2.T1 Design the unified status ENUM", item.GetProperty("title").GetString());
        Assert.Equal("Notes of the conductor", item.GetProperty("description").GetString());
        Assert.Equal(["v7"], Strings(item, "tags"));
        Assert.Equal("High", item.GetProperty("priority").GetString());
        Assert.Equal(3, item.GetProperty("size").GetInt32());
        Assert.Equal("2026-11-25T09:05:00.000000Z", item.GetProperty("updatedAt").GetString());
        Assert.Equal(SandboxDefaults.ApiUser, item.GetProperty("updatedBy").GetString());

        var hooks = _receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["task.updated", "task.status_updated", "task.assignees_updated"], hooks.Select(h => h.GetProperty("type").GetString()));
        var updated = hooks[0].GetProperty("data");
        Assert.Equal(item.GetRawText(), updated.GetProperty("model").GetRawText());
        Assert.Equal("To-do", updated.GetProperty("oldModel").GetProperty("status").GetString());
        Assert.Equal(["The Architect"], Strings(updated.GetProperty("oldModel"), "assignees"));
        var statusUpdated = hooks[1].GetProperty("data");
        Assert.Equal(("To-do", "Doing"), (statusUpdated.GetProperty("oldStatus").GetString(), statusUpdated.GetProperty("newStatus").GetString()));
        Assert.Equal(item.GetRawText(), statusUpdated.GetProperty("model").GetRawText());
        var assigneesUpdated = hooks[2].GetProperty("data");
        Assert.Equal(["The Architect"], Strings(assigneesUpdated, "oldAssignees"));
        Assert.Equal(["Layer 2 Builder"], Strings(assigneesUpdated, "newAssignees"));
        Assert.Equal(item.GetRawText(), assigneesUpdated.GetProperty("model").GetRawText());
    }

    [Fact]
    public async Task Put_Of_A_Title_Sends_Task_Updated_Alone()
    {
        // Act
        var (status, _) = await PutAsync($$$"""{"item": {"id": "{{{_task.Id}}}", "title": "P2.T1 Design the one status ENUM"}}""");
        await WaitFor.ConditionAsync(() => Task.FromResult(_sandbox.Webhooks.Pending == 0 && _receiver.Received.Count == 1), TimeSpan.FromSeconds(10), "task.updated");

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([WebhookPayloads.TaskUpdated], _sandbox.Webhooks.Published(_task.Id).Select(d => d.EventType));
        Assert.Equal("P2.T1 Design the one status ENUM", _sandbox.Store.Get(_task.Id).Title);
    }

    [Fact]
    public async Task A_Single_Assignee_Replaces_The_List_And_Null_Clears_It()
    {
        // Act
        var (_, one) = await PutAsync($$$"""{"item": {"id": "{{{_task.Id}}}", "assignee": "the.architect@v7.example"}}""");
        var (_, none) = await PutAsync($$$"""{"item": {"id": "{{{_task.Id}}}", "assignee": null}}""");

        // Assert
        Assert.Equal(["the.architect@v7.example"], Strings(SandboxClient.Item(one), "assignees"));
        Assert.Empty(Strings(SandboxClient.Item(none), "assignees"));
        Assert.Equal(2, _sandbox.Webhooks.Published(_task.Id).Count(d => d.EventType == WebhookPayloads.TaskAssigneesUpdated));
    }

    [Fact]
    public async Task Put_That_Changes_Nothing_Sends_No_Webhook_And_Keeps_The_Version()
    {
        // Act: the values the task already has.
        var (status, body) = await PutAsync($$$"""
            {"item": {"id": "{{{_task.Id}}}", "title": "{{{_task.Title}}}", "status": "To-do", "assignees": ["The Architect"], "tags": ["v7"]}}
            """);

        // Assert: the webhooks of a change are published before DART answers, so none by now means none at all.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(SandboxJson.Timestamp(_task.UpdatedAt), SandboxClient.Item(body).GetProperty("updatedAt").GetString());
        Assert.Same(_task, _sandbox.Store.Get(_task.Id));
        Assert.Empty(_sandbox.Webhooks.Published(_task.Id));
    }

    [Theory]
    [InlineData("""{"item": {"status": "Doing"}}""", "id: This field is required and must match the path.")]
    [InlineData("""{"item": {"id": "AAAAAAAAAAAA", "status": "Doing"}}""", "id: This field is required and must match the path.")]
    [InlineData("""{"item": {"id": "{id}", "status": "Finished"}}""", "status: \"Finished\" is not a valid choice.")]
    [InlineData("""{"item": {"id": "{id}", "dartboard": "Nowhere/Board"}}""", "dartboard: \"Nowhere/Board\" is not a valid choice.")]
    [InlineData("""{"item": {"id": "{id}", "title": null}}""", "title: This field may not be null.")]
    [InlineData("""{"item": {"id": "{id}", "taskRelationships": {"blockerIds": ["{id}"]} }}""", "taskRelationships.blockerIds: Invalid pk \"{id}\" - object does not exist.")]
    public async Task Put_Refuses_What_Dart_Would_And_Changes_Nothing(string request, string error)
    {
        // Act
        var (status, body) = await PutAsync(request.Replace("{id}", _task.Id, StringComparison.Ordinal));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal([error.Replace("{id}", _task.Id, StringComparison.Ordinal)], Strings(JsonDocument.Parse(body).RootElement, "errors"));
        Assert.Same(_task, _sandbox.Store.Get(_task.Id));
        Assert.Empty(_sandbox.Webhooks.Published(_task.Id));
    }

    [Fact]
    public async Task Put_Of_A_Missing_Task_Is_404()
    {
        using var response = await _client.PutAsync(SandboxClient.Url(_sandbox, "/tasks/AAAAAAAAAAAA"),
            new StringContent("""{"item": {"id": "AAAAAAAAAAAA", "status": "Doing"}}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Blockers_Set_And_Cleared_Through_Put_Keep_The_Blockers_Blocking_Lists_In_Step()
    {
        // Arrange
        var first = _sandbox.Store.Create("P1.T1 Document all duplicate ENUMs", notify: false);
        var second = _sandbox.Store.Create("P1.T2 Inventory every table", notify: false);

        // Act
        var (_, set) = await PutAsync($$$"""{"item": {"id": "{{{_task.Id}}}", "taskRelationships": {"blockerIds": ["{{{first.Id}}}", "{{{second.Id}}}"]} }}""");
        var both = (await _client.GetJsonAsync(SandboxClient.Url(_sandbox, $"/tasks/{first.Id}"))).GetProperty("item");
        var (_, narrowed) = await PutAsync($$$"""{"item": {"id": "{{{_task.Id}}}", "taskRelationships": {"blockerIds": ["{{{second.Id}}}"]} }}""");

        // Assert: only blockerIds was sent, so the other kinds stay empty; the blockers' lists follow each write.
        var relationships = SandboxClient.Item(set).GetProperty("taskRelationships");
        Assert.Equal([first.Id, second.Id], Strings(relationships, "blockerIds"));
        Assert.Empty(Strings(relationships, "relatedIds"));
        Assert.Equal([_task.Id], Strings(both.GetProperty("taskRelationships"), "blockingIds"));
        Assert.Equal([second.Id], Strings(SandboxClient.Item(narrowed).GetProperty("taskRelationships"), "blockerIds"));
        Assert.Empty(_sandbox.Store.Get(first.Id).Relationships.BlockingIds);
        Assert.Equal([_task.Id], _sandbox.Store.Get(second.Id).Relationships.BlockingIds);
    }

    private Task<(HttpStatusCode Status, string Body)> PutAsync(string body) =>
        _client.SendJsonAsync(HttpMethod.Put, SandboxClient.Url(_sandbox, $"/tasks/{_task.Id}"), body);

    private static List<string?> Strings(JsonElement element, string name) =>
        [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString())];
}
