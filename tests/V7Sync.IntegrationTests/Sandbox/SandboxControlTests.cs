using System.Net;
using System.Text.Json;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

/// <summary>The title filter, and what a test can make the sandbox do or tell: faults, the create hook, what DART holds.</summary>
public sealed class SandboxControlTests
{
    private const string CreateBody = """{"item": {"title": "P3.T3 Seed reference data"}}""";

    [Fact]
    public async Task Title_Filter_Is_A_Case_Insensitive_Contains_That_Combines_With_The_Other_Filters()
    {
        // Arrange
        await using var sandbox = await DartSandbox.StartAsync();
        var key = sandbox.Store.Create("P1.T3 Map foreign keys across schemas", notify: false);
        var done = sandbox.Store.Create("P1.T30 Another with the same start", status: SandboxDefaults.Done, notify: false);
        sandbox.Store.Create("P2.T1 Design the unified status ENUM", notify: false);
        using var client = SandboxClient.Create(sandbox);

        // Act
        var byKey = await client.GetJsonAsync(SandboxClient.Url(sandbox, "/tasks/list?no_defaults=true&title=p1.t3"));
        var open = await client.GetJsonAsync(SandboxClient.Url(sandbox, "/tasks/list?no_defaults=true&title=P1.T3&is_completed=false"));
        var none = await client.GetJsonAsync(SandboxClient.Url(sandbox, "/tasks/list?no_defaults=true&title=P9.T9"));

        // Assert: contains, not a key match (the reader confirms the key); the other filters narrow it.
        Assert.Equal([key.Id, done.Id], Ids(byKey));
        Assert.Equal(2, byKey.GetProperty("count").GetInt32());
        Assert.Equal([key.Id], Ids(open));
        Assert.Empty(Ids(none));
        Assert.Equal([key.Id, done.Id], sandbox.Store.FindByTitle("p1.t3").Select(t => t.Id));
    }

    private static readonly TimeSpan TimerTicks = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task Latency_Holds_Every_Answer_At_Least_That_Long()
    {
        // Arrange
        var latency = TimeSpan.FromMilliseconds(300);
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { Latency = latency });
        using var client = SandboxClient.Create(sandbox);
        var url = SandboxClient.Url(sandbox, "/tasks/list?no_defaults=true");
        await client.GetJsonAsync(url); // the first request's connection set up outside the measured one

        // Act
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var page = await client.GetJsonAsync(url);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);

        // Assert: served (not failed) and not before the latency ran out; the default sandbox waits for nothing. The
        // server's timer ticks in whole milliseconds (it may fire a tick before the stopwatch's 300.000 ms): a margin
        // of a few ticks, far from the 7 ms a sandbox without the delay answers in.
        Assert.Equal(0, page.GetProperty("count").GetInt32());
        Assert.True(elapsed >= latency - TimerTicks, $"answered after {elapsed.TotalMilliseconds:N1} ms");
        Assert.Equal(TimeSpan.Zero, new DartSandboxOptions().Latency);
    }

    [Fact]
    public async Task Post_Tasks_Answers_429_With_Retry_After_As_Often_As_Asked_Then_Creates()
    {
        // Arrange
        await using var sandbox = await DartSandbox.StartAsync();
        sandbox.Faults.FailNext("POST /tasks", 2, (int)HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1.5));
        using var client = SandboxClient.Create(sandbox);
        var url = SandboxClient.Url(sandbox, "/tasks");

        // Act
        var answers = new List<(HttpStatusCode Status, string? RetryAfter, string Body)>();
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(CreateBody, System.Text.Encoding.UTF8, "application/json") };
            using var response = await client.SendAsync(request);
            answers.Add((response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await response.Content.ReadAsStringAsync()));
        }

        // Assert: the throttled requests changed nothing; the third one created the task.
        Assert.Equal([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], answers.Select(a => a.Status));
        Assert.Equal(["2", "2", null], answers.Select(a => a.RetryAfter));
        Assert.Equal("Request was throttled. Expected available in 2 seconds.", JsonDocument.Parse(answers[0].Body).RootElement.GetProperty("detail").GetString());
        Assert.Equal(1, sandbox.Store.Count);
        Assert.Equal(1, sandbox.Creates.Count);
        Assert.Equal(3, sandbox.Requests.Count("POST /tasks"));
        Assert.Equal(0, sandbox.Faults.Pending("POST /tasks"));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Post_Tasks_Can_Be_Down_For_The_Next_Request(int statusCode)
    {
        // Arrange
        await using var sandbox = await DartSandbox.StartAsync();
        sandbox.Faults.FailNext("POST /tasks", 1, statusCode);
        using var client = SandboxClient.Create(sandbox);

        // Act
        var (down, _) = await client.SendJsonAsync(HttpMethod.Post, SandboxClient.Url(sandbox, "/tasks"), CreateBody);
        var (up, _) = await client.SendJsonAsync(HttpMethod.Post, SandboxClient.Url(sandbox, "/tasks"), CreateBody);
        var list = await client.GetJsonAsync(SandboxClient.Url(sandbox, "/tasks/list"));

        // Assert: only the route named fails.
        Assert.Equal((HttpStatusCode)statusCode, down);
        Assert.Equal(HttpStatusCode.OK, up);
        Assert.Equal(1, list.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task The_Create_Hook_Runs_Once_Dart_Holds_The_Task_And_Before_It_Answers()
    {
        // Arrange
        await using var sandbox = await DartSandbox.StartAsync();
        var entered = new TaskCompletionSource<SandboxTask>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sandbox.Creates.BeforeAnswer = async task =>
        {
            entered.SetResult(task);
            await release.Task;
        };
        using var client = SandboxClient.Create(sandbox);

        // Act
        var post = client.SendJsonAsync(HttpMethod.Post, SandboxClient.Url(sandbox, "/tasks"), CreateBody);
        var held = await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert: DART has created the task, and the client has no answer yet.
        Assert.Same(held, sandbox.Store.Get(held.Id));
        Assert.Equal([held.Id], sandbox.Store.FindByTitle("P3.T3").Select(t => t.Id));
        Assert.False(post.IsCompleted);
        release.SetResult();
        var (status, body) = await post.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(held.Id, SandboxClient.Item(body).GetProperty("id").GetString());
        Assert.Equal([held.Id], sandbox.Creates.Ids);
    }

    [Fact]
    public async Task Tasks_Put_In_The_Store_Directly_Are_Not_Counted_As_Created_Through_The_Api()
    {
        await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { TaskIdPrefix = "V7Demo" });
        SampleV7Plan.SeedDart(sandbox.Store);
        using var client = SandboxClient.Create(sandbox);

        var (_, body) = await client.SendJsonAsync(HttpMethod.Post, SandboxClient.Url(sandbox, "/tasks"), CreateBody);

        Assert.Equal(1, sandbox.Creates.Count);
        Assert.StartsWith("V7Demo", SandboxClient.Item(body).GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    private static List<string> Ids(JsonElement page) =>
        [.. page.GetProperty("results").EnumerateArray().Select(t => t.GetProperty("id").GetString()!)];
}
