using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Sync;

/// <summary>
/// DART failing under the real poll: throttled, erroring, silent, refusing the token, shifting or truncating the walk.
/// Retried and reported, never half-applied; the watermark stays where it was.
/// </summary>
public sealed partial class DartSyncTests
{
    [Fact]
    public async Task A_429_With_Retry_After_Is_Retried_Then_Succeeds()
    {
        _dart.StubList("""{"detail":"slow down"}""", status: 429, retryAfter: "1", scenario: "rate", thenState: "ok");
        _dart.StubList(Json(new DartPage<DartTask>(0, null, null, [])), scenario: "rate", whenState: "ok");

        var report = await SyncAsync();

        // The retry waits the second DART asked for, not the 10 ms backoff the test settings give.
        Assert.Equal(1, report.ListRequests);
        var times = _dart.RequestTimes("/tasks/list");
        Assert.Equal(2, times.Count);
        Assert.InRange(times[1] - times[0], TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task A_4xx_Answer_To_The_List_Is_Not_Retried(int status)
    {
        _dart.StubList("""{"detail":"no"}""", status: status);

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => SyncAsync());

        Assert.Contains($"HTTP {status}", DartFailure.Describe(ex), StringComparison.Ordinal);
        Assert.Equal(1, _dart.Requests("/tasks/list"));
    }

    [Fact]
    public async Task The_Token_Appears_In_No_Log_Line_And_No_Error_Message()
    {
        // Arrange: a cycle refused (401), one that exhausts its retries on 500s, and one that times out.
        var logs = new CollectingLoggerProvider();
        var errors = new List<Exception>();
        _dart.StubList("""{"detail":"Invalid token."}""", status: 401);
        errors.Add(await Assert.ThrowsAnyAsync<Exception>(() => SyncAsync(logs: logs)));
        _dart.Reset();
        _dart.StubList("oops", status: 500);
        errors.Add(await Assert.ThrowsAnyAsync<Exception>(() => SyncAsync(logs: logs)));
        _dart.Reset();
        _dart.StubList(Json(new DartPage<DartTask>(0, null, null, [])), delay: TimeSpan.FromSeconds(2));
        errors.Add(await Assert.ThrowsAnyAsync<Exception>(() => SyncAsync(settings: new() { ["Dart:AttemptTimeout"] = "00:00:00.100", ["Dart:MaxRetries"] = "0" }, logs: logs)));

        // Assert: every log entry (at every level) and every error, its inner errors and what the sync recorded.
        var written = logs.Entries.Select(e => e.ToString())
            .Concat(errors.Select(e => e.ToString() + DartFailure.Describe(e)))
            .Append(await _db.ScalarAsync<string>("SELECT last_error FROM dart_sync_state") ?? "")
            .ToList();
        Assert.Contains(logs.Entries, e => e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal)); // the HTTP client's own logs were seen
        Assert.Contains(written, w => w.Contains("rejected the API token", StringComparison.Ordinal));
        Assert.DoesNotContain(written, w => w.Contains(Token, StringComparison.Ordinal));
        await WaitFor.ConditionAsync(() => Task.FromResult(_dart.Requests("/tasks/list") == 1), TimeSpan.FromSeconds(10), "the slow answer to be logged");
    }

    [Fact]
    public async Task A_500_Twice_Then_Success_Applies_Everything()
    {
        var tasks = FiveTasks()[..1];
        _dart.StubList("oops", status: 500, scenario: "flaky", thenState: "second");
        _dart.StubList("oops", status: 500, scenario: "flaky", whenState: "second", thenState: "healthy");
        _dart.StubList(Json(new DartPage<DartTask>(1, null, null, [Concise(tasks[0])])), scenario: "flaky", whenState: "healthy");
        _dart.StubTask(tasks[0]);

        await SyncAsync();

        Assert.Equal(3, _dart.Requests("/tasks/list"));
        Assert.Equal("in_progress", await _db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks WHERE task_number = 1"));
    }

    [Fact]
    public async Task A_Dart_That_Never_Answers_Is_Retried_Per_Attempt_Then_Reported()
    {
        _dart.StubList(Json(new DartPage<DartTask>(0, null, null, [])), delay: TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => SyncAsync(settings: new()
        {
            ["Dart:AttemptTimeout"] = "00:00:00.200",
            ["Dart:MaxRetries"] = "2",
        }));

        Assert.Equal("DART did not answer in time (after retries)", DartFailure.Describe(ex));
        // The first attempt and two retries, each cut at 200 ms (WireMock logs a request once its slow answer is out).
        await WaitFor.ConditionAsync(() => Task.FromResult(_dart.Requests("/tasks/list") >= 3), TimeSpan.FromSeconds(10), "three list attempts");
        Assert.Equal(3, _dart.Requests("/tasks/list"));
        Assert.Null(await WatermarkAsync());
    }

    [Fact]
    public async Task A_Rejected_Token_Stops_The_Cycle_Unretried_And_Degrades_Readiness_Until_It_Works()
    {
        // Arrange
        _dart.StubList("""{"detail":"Invalid token."}""", status: 401, scenario: "auth", thenState: "fixed");
        _dart.StubList(Json(new DartPage<DartTask>(0, null, null, [])), scenario: "auth", whenState: "fixed");
        await using var app = new V7SyncApp(_db.ConnectionString, _dart.Settings());
        using var client = app.CreateManagementClient();
        var health = app.Services.GetRequiredService<DartHealth>();

        // Act
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() =>
                scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Incremental, "poll", CancellationToken.None));
            Assert.Equal("DART rejected the API token (HTTP 401); check Dart:Token", DartFailure.Describe(ex));
        }

        var degraded = await client.GetStringAsync(new Uri("/healthz/ready", UriKind.Relative));
        var recordedError = await _db.ScalarAsync<string>("SELECT last_error FROM dart_sync_state");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Incremental, "poll", CancellationToken.None);
        }

        // Assert
        Assert.Equal("Degraded", degraded);
        Assert.Equal(2, _dart.Requests("/tasks/list")); // one refused, not retried; one after the token works
        Assert.False(health.TokenRejected);
        Assert.Contains("rejected the API token", recordedError ?? "", StringComparison.Ordinal);
        Assert.Null(await _db.ScalarAsync<string>("SELECT last_error FROM dart_sync_state"));
    }

    [Fact]
    public async Task Malformed_Json_On_Page_Two_Fails_Clearly_And_Keeps_The_Watermark()
    {
        // Arrange: a watermark from an earlier cycle; page 1 is fine, page 2 is broken JSON.
        var before = T0.AddMinutes(-30);
        await _db.ExecuteAsync("INSERT INTO dart_sync_state (stream, watermark) VALUES ('poll', $1)", before);
        var tasks = FiveTasks()[..3];
        const string since = "2026-11-20T08:28:00.000000Z";
        _dart.StubList(Json(new DartPage<DartTask>(3, new Uri($"{_dart.BaseUrl}/tasks/list?limit=2&offset=2"), null, tasks[..2].Select(Concise).ToList())),
            updatedAfter: since);
        _dart.StubList("""{"count": 3, "results": [{"id": "task00000003", "status": """, offset: 2, updatedAfter: since);
        _dart.StubTask(tasks[0]);
        _dart.StubTask(tasks[1]);

        // Act
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => SyncAsync());

        // Assert: page 1 was applied in its own transaction (each task whole); the walk was not, so the watermark
        // stays and the next cycle reads page 1 (at no cost: applied already) and page 2 again.
        Assert.StartsWith("DART's response to GET /api/v0/public/tasks/list could not be read", DartFailure.Describe(ex), StringComparison.Ordinal);
        Assert.Equal(before.UtcDateTime, await WatermarkAsync());
        Assert.Equal(["task00000001", "task00000002"],
            (await _db.RowsAsync("SELECT dart_task_id FROM v7_subworkflow_tasks WHERE dart_task_id IS NOT NULL ORDER BY 1")).Select(r => (string)r[0]!));
        Assert.Equal(10, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit")); // 2 × (2 link + status + started + deliverable)
        Assert.StartsWith("DART's response to GET", await _db.ScalarAsync<string>("SELECT last_error FROM dart_sync_state"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Failed_Second_Page_Leaves_The_Watermark_Where_It_Was()
    {
        var tasks = FiveTasks();
        _dart.StubList(Json(new DartPage<DartTask>(5, new Uri($"{_dart.BaseUrl}/tasks/list?limit=2&offset=2"), null, tasks[..2].Select(Concise).ToList())));
        _dart.StubList("bad gateway", offset: 2, status: 502);
        _dart.StubTask(tasks[0]);
        _dart.StubTask(tasks[1]);

        await Assert.ThrowsAnyAsync<Exception>(() => SyncAsync());

        Assert.Null(await WatermarkAsync());
        Assert.Equal(4, _dart.Requests("/tasks/list") - 1); // page 1 once, page 2 tried 1 + 3 retries
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE dart_task_id IS NOT NULL")); // page 1 is committed and idempotent
    }

    [Fact]
    public async Task A_Task_Skipped_Because_The_List_Shifted_Mid_Walk_Keeps_The_Watermark_And_Is_Read_Next_Cycle()
    {
        // Arrange: a watermark from an earlier cycle; five tasks after it in pages of two. Task 1 is updated after
        // page 1 was read: it moves to the end and every later task shifts down one offset, so page 2 (offset 2)
        // holds tasks 4 and 5 and task 3 falls between the pages.
        var before = T0.AddMinutes(-30);
        await _db.ExecuteAsync("INSERT INTO dart_sync_state (stream, watermark) VALUES ('poll', $1)", before);
        var tasks = FiveTasks();
        var moved = tasks[0] with { UpdatedAt = T0.AddMinutes(10) };
        List<DartTask> shifted = [.. tasks[1..], moved];
        const string since = "2026-11-20T08:28:00.000000Z";
        Uri Page(int offset) => new($"{_dart.BaseUrl}/tasks/list?limit=2&offset={offset}");
        _dart.StubList(Json(new DartPage<DartTask>(5, Page(2), null, tasks[..2].Select(Concise).ToList())), updatedAfter: since);
        _dart.StubList(Json(new DartPage<DartTask>(5, Page(4), null, shifted[2..4].Select(Concise).ToList())), offset: 2, updatedAfter: since);
        _dart.StubList(Json(new DartPage<DartTask>(5, null, null, [Concise(moved)])), offset: 4, updatedAfter: since);
        foreach (var task in shifted)
        {
            _dart.StubTask(task);
        }

        // Act
        var report = await SyncAsync();

        // Assert: four distinct tasks of five counted: the walk is incomplete, so the watermark does not pass task 3.
        Assert.Equal(4, report.TasksSeen);
        Assert.Equal(before.UtcDateTime, await WatermarkAsync());
        Assert.Null(await _db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks WHERE task_number = 3"));

        // Act: the next cycle reads from the same watermark; DART's list has settled.
        _dart.Reset();
        _dart.Serve(shifted, updatedAfter: since);
        var next = await SyncAsync();

        // Assert: task 3 is applied, only it is fetched (the others are applied already), and the watermark moves on.
        Assert.Equal("task00000003", await _db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks WHERE task_number = 3"));
        Assert.Equal(1, next.TasksFetched);
        Assert.Equal(moved.UpdatedAt!.Value.UtcDateTime, await WatermarkAsync());
    }

    [Theory]
    [InlineData(404, false)]
    [InlineData(400, true)]
    public async Task Only_A_404_On_A_Task_Fetch_Means_Vanished_Any_Other_Answer_Fails_The_Cycle(int status, bool fails)
    {
        // Arrange: a watermark from an earlier cycle; task 2 of the listed two cannot be fetched.
        var before = T0.AddMinutes(-30);
        await _db.ExecuteAsync("INSERT INTO dart_sync_state (stream, watermark) VALUES ('poll', $1)", before);
        var tasks = FiveTasks()[..2];
        _dart.StubList(Json(new DartPage<DartTask>(2, null, null, tasks.Select(Concise).ToList())), updatedAfter: "2026-11-20T08:28:00.000000Z");
        _dart.StubTask(tasks[0]);
        _dart.StubTask(tasks[1], status: status);

        // Act
        var ex = await Record.ExceptionAsync(() => SyncAsync());

        // Assert: a 404 is skipped (left to the full resync) and the cycle succeeds; a 400 is no proof the task is
        // gone, so the cycle fails, clearly, and the watermark stays for the next cycle to read task 2 again.
        Assert.Equal(fails, ex is not null);
        if (fails)
        {
            Assert.Equal("DART answered GET /api/v0/public/tasks/task00000002 with HTTP 400 Bad Request", DartFailure.Describe(ex!));
            Assert.Equal(before.UtcDateTime, await WatermarkAsync());
        }
        else
        {
            Assert.Equal(tasks[1].UpdatedAt!.Value.UtcDateTime, await WatermarkAsync());
        }

        Assert.Equal(1, _dart.Requests("/tasks/task00000002")); // neither is retried
    }

    [Fact]
    public async Task An_Unreachable_Dart_Costs_A_Poll_Cycle_A_Handful_Of_Log_Lines_Without_Stack_Traces()
    {
        // Arrange: the poller on, against a DART nobody listens for, its retries quick; the app logging as its console would.
        var logs = new CollectingLoggerProvider();
        await using var app = new V7SyncApp(_db.ConnectionString, new Dictionary<string, string?>
        {
            ["Dart:BaseUrl"] = $"http://127.0.0.1:{V7Sync.Sandbox.LoopbackHost.FreePort()}/api/v0/public",
            ["Dart:PollEnabled"] = "true",
            ["Dart:PollInterval"] = "01:00:00",
            ["Dart:RetryBaseDelay"] = "00:00:00.010",
            ["Dart:MaxRetryDelay"] = "00:00:00.050",
        });
        await using var host = app.WithWebHostBuilder(b => b.ConfigureLogging(logs.AddAsConsole));

        // Act: one cycle, every attempt refused.
        _ = host.Services;
        await WaitFor.ConditionAsync(async () => await _db.ScalarAsync<string>("SELECT last_error FROM dart_sync_state") is not null
            && logs.Entries.Any(e => e.Category == "V7Sync.Sync.DartPoller" && e.EventId.Id == 1005), TimeSpan.FromSeconds(30), "the cycle to fail");

        // Assert: the DART client's episode and the poller's, one line each; no stack trace.
        var cycle = logs.Entries.Where(e => e.Category != "Microsoft.Hosting.Lifetime").ToList();
        Assert.True(logs.Lines - (logs.Entries.Count - cycle.Count) <= 5, string.Join('\n', cycle));
        Assert.All(cycle, e => Assert.Null(e.Exception));
        Assert.Single(cycle, e => e.Category == typeof(DartOutage).FullName && e.EventId.Id == 1005);
    }
}
