using Microsoft.Extensions.DependencyInjection;
using Refit;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Jobs;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>
/// Jobs:CommentOnStaleTasks: one DART comment per stale episode, through a Refit IDartApi with DART's JSON settings,
/// against WireMock. Every request must match a stub.
/// </summary>
/// <remarks>
/// The client is built with RestService.For rather than AddDart(): on main, AddDart's AddRefitClient needs Refit's
/// reflection request builder, which is not installed (NotSupportedException at resolve time; reported to the lead).
/// </remarks>
[Collection(PostgresCollection.Name)]
public sealed class StaleCommentTests(PostgresServer server) : IAsyncLifetime
{
    private const string CommentCreated = """{"item": {"id": "c1", "taskId": "D1", "text": "ok"}}""";

    private readonly WireMockServer _dart = WireMockServer.Start();
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, dart_task_id, started_at) VALUES
                (1, 1, 'Stuck', 'in_progress', 'D1', '2026-11-01Z'),
                (1, 2, 'Stuck, no link', 'in_progress', NULL, '2026-11-01Z')
            """);
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
        _dart.Given(Request.Create().WithPath("/api/v0/public/comments").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody(CommentCreated));
        await using var harness = Harness(comment: true);

        // Act
        var first = await RunJobAsync(harness);
        var second = await RunJobAsync(harness);

        // Assert
        Assert.Equal((1, 0), (first, second));
        var request = Assert.Single(_dart.LogEntries);
        Assert.NotNull(request.MappingGuid); // every request DART got was one the test stubbed
        Assert.Contains("\"taskId\":\"D1\"", request.RequestMessage.Body, StringComparison.Ordinal);
        Assert.Contains("P1.T1 \\u0022Stuck\\u0022 has been in progress since 2026-11-01", request.RequestMessage.Body, StringComparison.Ordinal);
        Assert.NotNull(await _db.ScalarAsync<string>("SELECT detail->>'commented_at' FROM v7_sync_findings WHERE dart_task_id = 'D1'"));
    }

    [Fact]
    public async Task A_Failed_Comment_Is_Retried_On_The_Next_Run()
    {
        _dart.Given(Request.Create().WithPath("/api/v0/public/comments").UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        await using var harness = Harness(comment: true);
        var failed = await RunJobAsync(harness);

        _dart.ResetMappings();
        _dart.Given(Request.Create().WithPath("/api/v0/public/comments").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody(CommentCreated));
        var retried = await RunJobAsync(harness);

        Assert.Equal((0, 1), (failed, retried));
        Assert.Equal(2, _dart.LogEntries.Count);
        Assert.All(_dart.LogEntries, e => Assert.NotNull(e.MappingGuid));
    }

    [Fact]
    public async Task Without_The_Setting_Nothing_Is_Posted()
    {
        await using var harness = Harness(comment: false);

        var posted = await RunJobAsync(harness);

        Assert.Equal(0, posted);
        Assert.Empty(_dart.LogEntries);
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_findings WHERE status = 'open'"));
    }

    private RuleHarness Harness(bool comment) => new(_db, new JobsOptions { CommentOnStaleTasks = comment }, services => services
        .AddSingleton(RestService.For<IDartApi>($"{_dart.Url}/api/v0/public",
            new RefitSettings { ContentSerializer = new SystemTextJsonContentSerializer(DartJson.Options) }))
        .AddSingleton<StaleTaskCommenter>());

    /// <summary>What StaleInProgressJob does: the stale rule, then the comments.</summary>
    private static async Task<int> RunJobAsync(RuleHarness harness)
    {
        await harness.RunAsync("stale_in_progress");
        return await harness.Get<StaleTaskCommenter>().CommentOnNewlyStaleAsync(CancellationToken.None);
    }
}
