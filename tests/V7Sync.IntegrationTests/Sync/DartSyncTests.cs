using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Sync;

/// <summary>
/// The polling sync against DART faked with WireMock and a real PostgreSQL (DART failing: DartSyncTests.Faults.cs;
/// bad input: DartSyncTests.BadInput.cs).
/// </summary>
public sealed partial class DartSyncTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeDart _dart = new();
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, responsible_persona)
            SELECT 1, n, 'Work order ' || n, 'Layer 1 Data Sentinel' FROM generate_series(1, 5) AS n
            """);
    }

    public async Task DisposeAsync()
    {
        try
        {
            _dart.Dispose(); // fails the test on an unstubbed request; the database is dropped all the same
        }
        finally
        {
            await _db.DisposeAsync();
        }
    }

    private static List<DartTask> FiveTasks(string status = "Doing") =>
        Enumerable.Range(1, 5)
            .Select(n => NewTask($"task{n:D8}", $"P1.T{n} Work order {n}", status, T0.AddMinutes(n), attachments: $"https://files.example/{n}.pdf"))
            .ToList();

    private async Task<SyncReport> SyncAsync(SyncMode mode = SyncMode.Incremental, Dictionary<string, string?>? settings = null,
        CollectingLoggerProvider? logs = null)
    {
        await using var app = new V7SyncApp(_db.ConnectionString, _dart.Settings(settings));
        await using var host = logs is null ? app : app.WithWebHostBuilder(b => b.ConfigureLogging(logs.AddTo));
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(mode, "poll", CancellationToken.None);
    }

    private Task<DateTime?> WatermarkAsync() =>
        _db.ScalarAsync<DateTime?>("SELECT watermark FROM dart_sync_state WHERE stream = 'poll'");

    private async Task<List<string>> TrackedStateAsync() =>
        (await _db.RowsAsync("""
            SELECT concat_ws('|', task_number, status, dart_task_id, dart_task_url, dart_status, dart_updated_at, started_at,
                              completed_at, array_to_string(deliverable_urls, ','))
            FROM v7_subworkflow_tasks ORDER BY task_number
            """)).Select(r => (string)r[0]!).ToList();

    [Fact]
    public async Task Several_Pages_Are_Followed_Until_Next_Is_Null()
    {
        // Arrange: five tasks in pages of two.
        _dart.Serve(FiveTasks());

        // Act
        var report = await SyncAsync();

        // Assert
        Assert.Equal(3, report.ListRequests);
        Assert.Equal(5, report.TasksFetched);
        Assert.Equal(5, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE status = 'in_progress' AND dart_task_id LIKE 'task%' AND started_at IS NOT NULL"));
        Assert.Equal(5, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE deliverable_urls = ARRAY['https://files.example/' || task_number || '.pdf']"));
        Assert.Equal(T0.AddMinutes(5).UtcDateTime, await WatermarkAsync());
        Assert.Equal(25, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE source = 'poll'")); // 5 × (2 link + status + started + deliverable)
    }

    [Fact]
    public async Task A_List_Item_Older_Than_The_Applied_Version_Writes_Nothing_And_Fetches_Nothing()
    {
        // Arrange: five tasks applied (watermark 09:05); DART then lists older snapshots of them in the overlap.
        var tasks = FiveTasks();
        _dart.Serve(tasks);
        await SyncAsync();
        _dart.Reset();
        _dart.Serve([.. tasks.Select(t => Concise(t with { Status = "To-do", UpdatedAt = T0 }))], pageSize: 5, updatedAfter: "2026-11-20T09:03:00.000000Z");
        var audited = await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit");
        var before = await TrackedStateAsync();

        // Act
        var report = await SyncAsync();

        // Assert: superseded, not news: no audit row (event_stale_ignored is no longer written), no fetch, no change.
        Assert.Equal(0, report.TasksFetched);
        Assert.Equal(audited, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit"));
        Assert.Equal(before, await TrackedStateAsync());
    }

    [Fact]
    public async Task A_Second_Run_Without_Changes_Makes_One_Request_Per_List_And_Writes_Nothing()
    {
        // Arrange: tasks updated over an hour; the overlap (2 min) re-reads only the newest.
        var tasks = Enumerable.Range(1, 5)
            .Select(n => NewTask($"task{n:D8}", $"P1.T{n} Work order {n}", "Doing", T0.AddMinutes(15 * n), attachments: $"https://files.example/{n}.pdf"))
            .ToList();
        _dart.Serve(tasks);
        await SyncAsync();
        _dart.Reset();
        _dart.Serve(tasks[^1..], updatedAfter: "2026-11-20T10:13:00.000000Z");
        var before = await TrackedStateAsync();
        var rowVersions = await _db.RowVersionsAsync();

        // Act
        var report = await SyncAsync();

        // Assert: one request for the tasks and one for the (empty) report folder, no fetch, and not one row written
        // anywhere in the database.
        Assert.Equal((1, 1, 2), (_dart.Requests("/tasks/list"), _dart.Requests("/docs/list"), _dart.AllRequests));
        Assert.Equal(0, report.TasksFetched);
        Assert.Equal(rowVersions, await _db.RowVersionsAsync());
        Assert.Equal(before, await TrackedStateAsync());
    }

    [Fact]
    public async Task Two_Concurrent_Runs_Walk_Once_The_Other_Skips_On_The_Poll_Lock()
    {
        // Arrange: DART answers slowly, so the first run holds the poll lock while the second starts.
        _dart.StubList(Json(new DartPage<DartTask>(0, null, null, [])), delay: TimeSpan.FromSeconds(1));
        await using var app = new V7SyncApp(_db.ConnectionString, _dart.Settings());
        await using var firstScope = app.Services.CreateAsyncScope();
        await using var secondScope = app.Services.CreateAsyncScope();

        // Act
        var first = firstScope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Incremental, "poll", CancellationToken.None);
        await WaitFor.ConditionAsync(async () => await _db.ScalarAsync<long>("""
            SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """) == 1, TimeSpan.FromSeconds(10), "the first run to hold the poll lock");
        var second = await secondScope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Incremental, "poll", CancellationToken.None);
        var firstReport = await first;

        // Assert: the second run made no request and reported nothing; the first walked.
        Assert.Equal(0, second.ListRequests);
        Assert.Equal(1, firstReport.ListRequests);
        Assert.Equal(1, _dart.Requests("/tasks/list"));
        Assert.NotNull(await _db.ScalarAsync<DateTime?>("SELECT last_success_at FROM dart_sync_state"));
    }

    [Fact]
    public async Task Two_Incremental_Runs_End_Where_One_Full_Sync_Ends()
    {
        // Arrange: DART moves on between two incremental runs.
        var first = FiveTasks("To-do");
        var second = first.Select((t, i) => i % 2 == 0
            ? t with { Status = "Done", UpdatedAt = T0.AddHours(1).AddMinutes(i), CompletedAt = T0.AddHours(1).AddMinutes(i), Attachments = [.. t.Attachments!, new DartAttachment("report", $"https://files.example/report{i}.md", "text/markdown")] }
            : t).ToList();
        _dart.Serve(first);
        await SyncAsync();
        _dart.Reset();
        var changed = second.Where((_, i) => i % 2 == 0).OrderBy(t => t.UpdatedAt).ToList();
        _dart.Serve(changed, updatedAfter: "2026-11-20T09:03:00.000000Z");
        await SyncAsync();
        var incremental = await TrackedStateAsync();

        // Act: a fresh database, one full sync of DART's final state.
        await using var fresh = await server.CreateDatabaseAsync();
        await fresh.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, responsible_persona) SELECT 1, n, 'Work order ' || n, 'Layer 1 Data Sentinel' FROM generate_series(1, 5) AS n");
        _dart.Reset();
        _dart.Serve(second.OrderBy(t => t.UpdatedAt).ToList());
        _dart.Serve([], inTrash: true);
        await using (var app = new V7SyncApp(fresh.ConnectionString, _dart.Settings()))
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Full, "resync", CancellationToken.None);
        }

        // Assert
        var full = (await fresh.RowsAsync("""
            SELECT concat_ws('|', task_number, status, dart_task_id, dart_task_url, dart_status, dart_updated_at, started_at,
                              completed_at, array_to_string(deliverable_urls, ','))
            FROM v7_subworkflow_tasks ORDER BY task_number
            """)).Select(r => (string)r[0]!).ToList();
        Assert.Equal(full, incremental);
        Assert.Contains(incremental, row => row.Contains("completed", StringComparison.Ordinal) && row.Contains("report0.md", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Full_Resync_Reports_Trashed_And_Vanished_Tasks_And_Keeps_Their_Rows()
    {
        // Arrange: three linked tasks; DART now lists one, has one in the trash, and no longer knows the third.
        var tasks = FiveTasks()[..3];
        _dart.Serve(tasks);
        await SyncAsync();
        _dart.Reset();
        _dart.Serve(tasks[..1]);
        _dart.Serve(tasks[1..2], inTrash: true);
        _dart.StubTask(tasks[2], status: 404);

        // Act
        var report = await SyncAsync(SyncMode.Full);

        // Assert
        Assert.Equal(2, report.Deleted);
        var findings = await _db.RowsAsync("SELECT subject, message FROM v7_sync_findings WHERE rule = 'dart_task_deleted' AND status = 'open' ORDER BY subject");
        Assert.Equal(["task00000002", "task00000003"], findings.Select(f => (string)f[0]!));
        Assert.Contains("trash", (string)findings[0][1]!, StringComparison.Ordinal);
        Assert.Equal(5, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_subworkflow_tasks"));
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = 'dart_task_deleted'"));

        // A second full resync says nothing new.
        await SyncAsync(SyncMode.Full);
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = 'dart_task_deleted'"));
    }

    [Fact]
    public async Task A_Task_Matching_No_Work_Order_Is_Audited_Once_And_Kept_As_A_Finding()
    {
        var stray = NewTask("straytask001", "Plan the retro", "Doing", T0);
        _dart.Serve([stray]);
        _dart.Serve([], inTrash: true);

        await SyncAsync(SyncMode.Full);
        await SyncAsync(SyncMode.Full);

        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = 'dart_task_unlinked' AND dart_task_id = 'straytask001'"));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_open_findings WHERE rule = 'dart_task_unlinked'"));
        Assert.Equal(0, _dart.Requests("/tasks/straytask001"));
    }
}
