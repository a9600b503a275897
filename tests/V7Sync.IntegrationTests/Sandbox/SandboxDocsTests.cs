using System.Net;
using System.Text.Json;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

/// <summary>The sandbox's docs as DART serves them (dart-api.md §2.2, §4): no timestamps, ordered by a change counter.</summary>
public sealed class SandboxDocsTests
{
    [Fact]
    public async Task Docs_List_Filters_By_Folder_Sorts_By_Last_Change_And_Pages_With_An_Absolute_Next()
    {
        // Arrange: three reports, the first edited last; one doc elsewhere; one in the trash.
        await using var sandbox = await DartSandbox.StartAsync();
        var first = sandbox.Docs.Create("P1.T1 report", text: "v1");
        var second = sandbox.Docs.Create("P1.T2 report");
        var third = sandbox.Docs.Create("P1.T3 report");
        sandbox.Docs.Create("Notes", folder: "General/Docs");
        sandbox.Docs.Delete(sandbox.Docs.Create("Gone").Id);
        sandbox.Docs.Update(first.Id, d => d with { Text = "v2" });
        using var client = SandboxClient.Create(sandbox);
        var folder = Uri.EscapeDataString(SandboxDefaults.ReportFolder);

        // Act
        var page1 = await client.GetJsonAsync(SandboxClient.Url(sandbox, $"/docs/list?folder={folder}&o=-updated_at&no_defaults=true&limit=2"));
        var page2 = await client.GetJsonAsync(new Uri(page1.GetProperty("next").GetString()!));
        var byTitle = await client.GetJsonAsync(SandboxClient.Url(sandbox, $"/docs/list?folder={folder}&o=title"));
        using var bad = await client.GetAsync(SandboxClient.Url(sandbox, "/docs/list?o=completed_at"));

        // Assert
        Assert.Equal(3, page1.GetProperty("count").GetInt32());
        Assert.Equal([first.Id, third.Id], Ids(page1));
        Assert.Equal([second.Id], Ids(page2));
        Assert.StartsWith(sandbox.BaseUrl + "/docs/list?", page1.GetProperty("next").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);
        Assert.Equal([first.Id, second.Id, third.Id], Ids(byTitle));
        var item = page1.GetProperty("results")[0];
        Assert.False(item.TryGetProperty("text", out _));
        Assert.Equal(SandboxDefaults.ReportFolder, item.GetProperty("folder").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Get_Doc_Serves_Darts_Doc_Shape_With_Its_Text_And_404_For_An_Unknown_Id()
    {
        await using var sandbox = await DartSandbox.StartAsync();
        var doc = sandbox.Docs.Create("P1.T3 Foreign key map report", text: "All mapped.");
        using var client = SandboxClient.Create(sandbox);

        var item = (await client.GetJsonAsync(SandboxClient.Url(sandbox, $"/docs/{doc.Id}"))).GetProperty("item");
        using var missing = await client.GetAsync(SandboxClient.Url(sandbox, "/docs/AAAAAAAAAAAA"));

        Assert.Equal(["id", "htmlUrl", "title", "folder", "text"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"https://app.dartai.com/o/{doc.Id}-P1T3-Foreign-key-map-report", item.GetProperty("htmlUrl").GetString());
        Assert.Equal("All mapped.", item.GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Doc_Changes_Send_Doc_Created_Updated_And_Deleted_Webhooks_And_No_Change_Sends_None()
    {
        // Arrange
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { WebhookUrl = receiver.Url, WebhookSecret = "s" });

        // Act
        var doc = sandbox.Docs.Create("P1.T3 report", text: "v1");
        sandbox.Docs.Update(doc.Id, d => d with { Text = "v2" });
        sandbox.Docs.Update(doc.Id, d => d with { Text = "v2" });
        sandbox.Docs.Delete(doc.Id);
        await WaitFor.ConditionAsync(() => Task.FromResult(sandbox.Webhooks.Pending == 0 && receiver.Received.Count == 3), TimeSpan.FromSeconds(10));

        // Assert
        var events = receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["doc.created", "doc.updated", "doc.deleted"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.All(events, e => Assert.Equal(doc.Id, e.GetProperty("data").GetProperty("model").GetProperty("id").GetString()));
        Assert.Equal("v2", events[1].GetProperty("data").GetProperty("model").GetProperty("text").GetString());
        Assert.Equal("v1", events[1].GetProperty("data").GetProperty("oldModel").GetProperty("text").GetString());
        Assert.All(receiver.Received, r => Assert.Equal(WebhookSignature.Compute("s", r.Body), r.Signature));
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("results").EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];
}
