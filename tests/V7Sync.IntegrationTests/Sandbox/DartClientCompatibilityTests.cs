using System.Net.Http.Headers;
using Refit;
using V7Sync.Dart;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

/// <summary>V7Sync's own typed DART client reads what the sandbox writes: the two agree on DART's shapes.</summary>
public sealed class DartClientCompatibilityTests
{
    [Fact]
    public async Task The_Refit_Client_Reads_Pages_Tasks_And_Config_From_The_Sandbox()
    {
        // Arrange
        await using var sandbox = await DartSandbox.StartAsync();
        sandbox.Store.Seed(3, i => $"P1.T{i + 1} Task", attachmentsPerTask: 2);
        using var http = new HttpClient { BaseAddress = sandbox.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.Token);
        var api = RestService.For<IDartApi>(http);

        // Act
        var page = await api.ListTasksAsync(new DartTaskQuery { Order = "updated_at", Limit = 2 }, CancellationToken.None);
        var items = DartTaskReader.ReadPage(page, 0).Select(r => r.Task!).ToList();
        var full = DartTaskReader.ReadItem(await api.GetTaskAsync(items[0].Id, CancellationToken.None), items[0].Id).Task;
        var config = await api.GetConfigAsync(CancellationToken.None);

        // Assert: the reader reads every item the sandbox writes, list items and full records.
        Assert.Equal(3, page.Count);
        Assert.NotNull(page.Next);
        Assert.All(items, t => Assert.False(t.IsFull));
        Assert.All(items, t => Assert.NotNull(t.UpdatedAt));
        Assert.Equal(["3", "M"], items.Select(t => t.Size));
        Assert.True(full!.IsFull);
        Assert.Equal(2, full.Attachments!.Count);
        Assert.Contains("In review", config.Statuses!);
        Assert.Equal(1, sandbox.Requests.Count("GET /tasks/{id}"));
    }
}
