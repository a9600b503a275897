using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

/// <summary>POST /tasks as DART answers it: the full record, task.created, DRF's 400s, relationships kept both ways.</summary>
public sealed class SandboxCreateTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Create_Answers_The_Full_Record_Of_Every_Field_Sent_And_Sends_It_As_Task_Created()
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions
        {
            TimeProvider = new FakeTimeProvider(Start), WebhookUrl = receiver.Url, WebhookSecret = "s",
        });
        var blocker = sandbox.Store.Create("P7.T1 Archive the V6 tables", notify: false);
        using var client = SandboxClient.Create(sandbox);

        // Act
        var (status, body) = await client.SendJsonAsync(HttpMethod.Post, SandboxClient.Url(sandbox, "/tasks"), $$$"""
            {"item": {"title": "P7.T3 Write the V7 operations runbook", "status": "To-do", "dartboard": "General/Active",
                      "type": "Task", "assignee": "The Architect", "description": "Work order issued 2026-11-25",
                      "tags": ["v7"], "priority": "High", "taskRelationships": {"blockerIds": ["{{{blocker.Id}}}"]} }}
            """);
        await WaitFor.ConditionAsync(() => Task.FromResult(receiver.Received.Count == 1), TimeSpan.FromSeconds(10), "task.created");

        // Assert: DART's record, field by field in DART's order, stamped by the sandbox's clock and API user.
        Assert.Equal(HttpStatusCode.OK, status);
        var id = SandboxClient.Item(body).GetProperty("id").GetString()!;
        var record = $$$"""
            {"id":"{{{id}}}","htmlUrl":"https://app.dartai.com/t/{{{id}}}-P7T3-Write-the-V7-operations-runbook",
            "title":"P7.T3 Write the V7 operations runbook","parentId":null,"dartboard":"General/Active","type":"Task",
            "status":"To-do","description":"Work order issued 2026-11-25","assignees":["The Architect"],"tags":["v7"],
            "priority":"High","startAt":null,"dueAt":null,"size":null,"timeTracking":"","attachments":[],"customProperties":{},
            "taskRelationships":{"subtaskIds":[],"blockerIds":["{{{blocker.Id}}}"],"blockingIds":[],"duplicateIds":[],"relatedIds":[]},
            "createdBy":"conductor@v7.example","updatedBy":"conductor@v7.example",
            "createdAt":"2026-11-25T09:00:00.000000Z","updatedAt":"2026-11-25T09:00:00.000000Z","completedAt":null}
            """.ReplaceLineEndings("");
        Assert.Equal("{\"item\":" + record + "}", body);
        Assert.Equal("{\"type\":\"task.created\",\"data\":{\"model\":" + record + "}}", System.Text.Encoding.UTF8.GetString(receiver.Received.Single().Body));
        Assert.Equal([id], sandbox.Creates.Ids);
        Assert.Equal([id], sandbox.Store.Get(blocker.Id).Relationships.BlockingIds); // the blocker knows what it blocks
        Assert.Equal(blocker.UpdatedAt, sandbox.Store.Get(blocker.Id).UpdatedAt); // a mirrored relationship is no edit of the blocker
    }

    [Fact]
    public async Task Create_With_Only_A_Title_Takes_Dart_Defaults()
    {
        // Arrange
        await using var sandbox = await DartSandbox.StartAsync();
        using var client = SandboxClient.Create(sandbox);

        // Act
        var (status, body) = await client.SendJsonAsync(HttpMethod.Post, SandboxClient.Url(sandbox, "/tasks"), """{"item": {"title": "P1.T9 Minimal"}}""");

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        var item = SandboxClient.Item(body);
        Assert.Equal(SandboxDefaults.ToDo, item.GetProperty("status").GetString());
        Assert.Equal(SandboxDefaults.Dartboard, item.GetProperty("dartboard").GetString());
        Assert.Equal(0, item.GetProperty("assignees").GetArrayLength());
        Assert.Equal("", item.GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("""{"item": {"title": "P1.T1 X", "dartboard": "Nowhere/Board"}}""", """["dartboard: \"Nowhere/Board\" is not a valid choice."]""")]
    [InlineData("""{"item": {"title": "P1.T1 X", "status": "Finished"}}""", """["status: \"Finished\" is not a valid choice."]""")]
    [InlineData("""{"item": {"status": "Doing"}}""", """["title: This field is required."]""")]
    [InlineData("""{"item": {"title": " ", "status": "done", "tags": "v7"}}""",
        """["title: This field may not be blank.","status: \"done\" is not a valid choice.","tags: Expected a list of strings."]""")]
    [InlineData("""{"item": {"title": "P1.T1 X", "taskRelationships": {"blockerIds": ["AAAAAAAAAAAA"]} }}""",
        """["taskRelationships.blockerIds: Invalid pk \"AAAAAAAAAAAA\" - object does not exist."]""")]
    public async Task Create_Refuses_What_Dart_Would_In_Drf_Words_And_Creates_Nothing(string request, string errors)
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { WebhookUrl = receiver.Url, WebhookSecret = "s" });
        using var client = SandboxClient.Create(sandbox);

        // Act
        var (status, body) = await client.SendJsonAsync(HttpMethod.Post, SandboxClient.Url(sandbox, "/tasks"), request);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var expected = JsonDocument.Parse(errors).RootElement.EnumerateArray().Select(e => e.GetString()).ToList();
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["detail", "errors"], answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal(expected[0], answer.GetProperty("detail").GetString());
        Assert.Equal(expected, answer.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, sandbox.Store.Count);
        Assert.Equal(0, sandbox.Creates.Count);
        Assert.Equal(0, sandbox.Webhooks.Pending + sandbox.Webhooks.Attempts.Count);
    }

    [Fact]
    public async Task Config_Lists_The_Dartboards_And_Assignees_A_Create_May_Name()
    {
        // Arrange
        await using var sandbox = await DartSandbox.StartAsync();
        using var client = SandboxClient.Create(sandbox);

        // Act
        var config = await client.GetJsonAsync(SandboxClient.Url(sandbox, "/config"));

        // Assert
        Assert.Equal(SandboxDefaults.Dartboards, config.GetProperty("dartboards").EnumerateArray().Select(d => d.GetString()));
        var architect = config.GetProperty("assignees").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "The Architect");
        Assert.Equal("the.architect@v7.example", architect.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Posting_A_Comment_Sends_Comment_Created()
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { WebhookUrl = receiver.Url, WebhookSecret = "s" });
        var task = sandbox.Store.Create("P1.T1 Something", notify: false);
        using var client = SandboxClient.Create(sandbox);

        // Act
        var (status, body) = await client.SendJsonAsync(HttpMethod.Post, SandboxClient.Url(sandbox, "/comments"),
            $$$"""{"item": {"taskId": "{{{task.Id}}}", "text": "Deferred by the conductor"}}""");
        await WaitFor.ConditionAsync(() => Task.FromResult(receiver.Received.Count == 1), TimeSpan.FromSeconds(10), "comment.created");

        // Assert
        Assert.Equal(HttpStatusCode.OK, status);
        var comment = SandboxClient.Item(body);
        var hook = JsonDocument.Parse(receiver.Received.Single().Body).RootElement;
        Assert.Equal("comment.created", hook.GetProperty("type").GetString());
        var model = hook.GetProperty("data").GetProperty("model");
        Assert.Equal(comment.GetProperty("id").GetString(), model.GetProperty("id").GetString());
        Assert.Equal(task.Id, model.GetProperty("taskId").GetString());
        Assert.Equal("Deferred by the conductor", model.GetProperty("text").GetString());
        Assert.Equal(SandboxDefaults.ApiUser, model.GetProperty("author").GetString());
    }
}
