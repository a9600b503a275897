using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Jobs;
using V7Sync.Sync;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>
/// Jobs:CommentOnStaleTasks end to end: the real app, its hosted Quartz scheduler firing StaleInProgressJob, and the
/// app's own DART client (the DI-registered Refit client with its auth handler and resilience pipeline) against
/// WireMock. One comment per stale episode. Every request must match a stub, and the stubs require the Bearer token.
/// </summary>
public sealed class StaleCommentTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string CommentCreated = """{"item": {"id": "c1", "taskId": "D1", "text": "ok"}}""";

    /// <summary>A cron that never fires during a test, so the only runs are the ones the test triggers.</summary>
    private const string Never = "0 0 0 1 1 ? 2099";

    private readonly WireMockServer _dart = WireMockServer.Start();
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, dart_task_id, started_at) VALUES
                (1, 1, 'Stuck', 'in_progress', 'D1', $1),
                (1, 2, 'Stuck, no link', 'in_progress', NULL, $1),
                (1, 3, 'Fresh', 'in_progress', 'D3', $2)
            """, RuleHarness.Now.AddDays(-24), RuleHarness.Now.AddDays(-1));
    }

    public async Task DisposeAsync()
    {
        _dart.Stop();
        _dart.Dispose();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_Stale_Task_Gets_One_Comment_However_Often_The_Job_Runs()
    {
        // Arrange
        StubComments(200, CommentCreated);
        await using var app = App(comment: true);
        var job = await StaleJobAsync(app);

        // Act
        await job.RunAsync();
        var afterFirst = _dart.LogEntries.Count;
        await job.RunAsync();

        // Assert: one POST, for the stale linked task only, with DART's token
        Assert.Equal(1, afterFirst);
        var request = Assert.Single(_dart.LogEntries);
        Assert.NotNull(request.MappingGuid); // every request DART got was one the test stubbed
        Assert.Equal("POST", request.RequestMessage.Method);
        Assert.Equal("Bearer test-token", request.RequestMessage.Headers!["Authorization"].Single());
        Assert.Contains("\"taskId\":\"D1\"", request.RequestMessage.Body, StringComparison.Ordinal);
        Assert.Contains("P1.T1 \\u0022Stuck\\u0022 has been in progress since 2026-11-01", request.RequestMessage.Body, StringComparison.Ordinal);
        Assert.Equal(RuleHarness.Now.UtcDateTime, await _db.ScalarAsync<DateTime>(
            "SELECT (detail->>'commented_at')::timestamptz FROM v7_sync_findings WHERE dart_task_id = 'D1'"));
    }

    [Fact]
    public async Task A_Failed_Comment_Is_Retried_On_The_Next_Run()
    {
        // 400 is an answer, not a fault, so the resilience pipeline does not retry it within the run.
        StubComments(400, """{"detail":"bad"}""");
        await using var app = App(comment: true);
        var job = await StaleJobAsync(app);
        await job.RunAsync();
        var failed = _dart.LogEntries.Count;

        _dart.ResetMappings();
        StubComments(200, CommentCreated);
        await job.RunAsync();

        Assert.Equal(1, failed);
        Assert.Equal(2, _dart.LogEntries.Count);
        Assert.All(_dart.LogEntries, e => Assert.NotNull(e.MappingGuid));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_findings WHERE detail ? 'commented_at'"));
    }

    [Fact]
    public async Task A_Transport_Fault_On_The_Comment_Leaves_The_Job_Running_And_Is_Retried_On_The_Next_Run()
    {
        // Arrange: DART cannot be reached (the connection is refused), a transport fault Refit reports as ApiRequestException.
        var port = _dart.Ports[0];
        _dart.Stop();
        await using var app = App(comment: true);
        var job = await StaleJobAsync(app);

        // Act: the run must end without throwing (RunAsync fails the test if the job threw); then DART is back.
        await job.RunAsync();
        var commentedWhileDown = await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_findings WHERE detail ? 'commented_at'");
        using var dartAgain = WireMockServer.Start(port);
        StubComments(200, CommentCreated, dartAgain);
        await job.RunAsync();

        // Assert: nothing was recorded while DART was down, and the next run posted the comment and recorded it.
        Assert.Equal(0, commentedWhileDown);
        var request = Assert.Single(dartAgain.LogEntries);
        Assert.NotNull(request.MappingGuid);
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_findings WHERE detail ? 'commented_at'"));
    }

    [Fact]
    public async Task Without_The_Setting_Nothing_Is_Posted()
    {
        await using var app = App(comment: false);
        var job = await StaleJobAsync(app);

        await job.RunAsync();

        Assert.Empty(_dart.LogEntries);
        // The job did run: both stale tasks are flagged, the fresh one is not.
        Assert.Equal(
            [["1"], ["2"]],
            (await _db.RowsAsync("SELECT subject FROM v7_sync_findings WHERE status = 'open' AND rule = 'stale_in_progress' ORDER BY subject"))
            .Select(r => new[] { (string)r[0]! }));
    }

    private void StubComments(int status, string body, WireMockServer? dart = null) =>
        (dart ?? _dart).Given(Request.Create().WithPath("/api/v0/public/comments").UsingPost().WithHeader("Authorization", "Bearer test-token"))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    private WebApplicationFactory<Program> App(bool comment)
    {
        var app = new V7SyncApp(_db.ConnectionString, new Dictionary<string, string?>
        {
            ["Dart:BaseUrl"] = $"{_dart.Url}/api/v0/public",
            ["Dart:MaxRetries"] = "0",
            ["Jobs:Enabled"] = "true",
            ["Jobs:CommentOnStaleTasks"] = comment ? "true" : "false",
            ["Jobs:StaleCron"] = Never,
            ["Jobs:IntegrityCron"] = Never,
            ["Jobs:FullResyncCron"] = Never,
        });
        return app.WithWebHostBuilder(b => b.ConfigureTestServices(services => services
            .AddSingleton<TimeProvider>(new FakeTimeProvider(RuleHarness.Now))
            .AddSingleton<IDartSync, NoSync>()));
    }

    /// <summary>Starts the app (and with it the hosted scheduler) and returns a handle that fires the stale job.</summary>
    private static async Task<TriggeredJob> StaleJobAsync(WebApplicationFactory<Program> app)
    {
        _ = app.Server; // starting the server starts the hosted scheduler
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        return TriggeredJob.Listen(scheduler, nameof(StaleInProgressJob));
    }
}
