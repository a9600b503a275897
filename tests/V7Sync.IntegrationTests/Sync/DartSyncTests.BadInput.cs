using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.Dart;
using V7Sync.Sync;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Sync;

/// <summary>Bad input from DART through the real poll and resync paths: one bad item is set aside, never its page.</summary>
public sealed partial class DartSyncTests
{
    private static DartTask WorkOrderTask(int n, string status = "Doing", int minutes = 0, params string[] attachments) =>
        NewTask($"task{n:D8}", $"P1.T{n} Work order {n}", status, T0.AddMinutes(minutes == 0 ? n : minutes), attachments: attachments);

    private static JsonNode Item(DartTask task) => Node(Concise(task));

    /// <summary>Task <paramref name="n"/>'s list item with its id a number, as DART must never send it.</summary>
    private static JsonNode NumericId(int n, int minutes)
    {
        var item = Item(WorkOrderTask(n, minutes: minutes));
        item["id"] = 12345;
        return item;
    }

    private void ServeAndStub(IReadOnlyList<JsonNode> items, IEnumerable<DartTask> full, string? updatedAfter = null)
    {
        _dart.ServeItems(items, updatedAfter: updatedAfter);
        foreach (var task in full)
        {
            _dart.StubTask(task);
        }
    }

    private static string After(DateTimeOffset watermark) => DartTimestamp.Format(watermark - TimeSpan.FromMinutes(2));

    private Task<List<object?[]>> OpenFindingsAsync(string rule) =>
        _db.RowsAsync($"SELECT subject, message, dart_task_id FROM v7_sync_findings WHERE rule = '{rule}' AND status = 'open' ORDER BY id");

    private Task<long> AuditCountAsync(string action, string? rule = null) =>
        _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = $1 AND ($2 = '' OR detail->>'rule' = $2)", action, rule ?? "");

    private async Task<List<string?>> LinkedAsync() =>
        (await _db.RowsAsync("SELECT dart_task_id FROM v7_subworkflow_tasks ORDER BY task_number")).Select(r => (string?)r[0]).ToList();

    [Fact]
    public async Task A_List_Item_With_A_Numeric_Id_Is_Set_Aside_The_Rest_Applied_And_The_Watermark_Moves_Past_It()
    {
        // Arrange: the second item of page one has a number for an id; it is also the newest.
        var good = new[] { WorkOrderTask(1), WorkOrderTask(2), WorkOrderTask(3) };
        ServeAndStub([Item(good[0]), NumericId(4, minutes: 10), Item(good[1]), Item(good[2])], good);

        // Act
        var report = await SyncAsync();

        // Assert: every other task applied, the walk complete, the finding open once with the reader's reason.
        Assert.Equal(["task00000001", "task00000002", "task00000003", null, null], await LinkedAsync());
        Assert.Equal(T0.AddMinutes(10).UtcDateTime, await WatermarkAsync());
        var finding = Assert.Single(await OpenFindingsAsync("dart_task_unreadable"));
        Assert.Equal("page@0#1", finding[0]);
        Assert.Contains("$.id", (string)finding[1]!, StringComparison.Ordinal);
        Assert.Null(finding[2]);
        Assert.Equal(1, report.Reconciled.SetAside);
        Assert.Equal(1, await AuditCountAsync("integrity_violation", "dart_task_unreadable"));

        // Act: the next cycle re-reads the bad item through the overlap, now first on its page.
        _dart.Reset();
        ServeAndStub([NumericId(4, minutes: 10)], [], updatedAfter: After(T0.AddMinutes(10)));
        var rows = await _db.RowVersionsAsync();
        await SyncAsync();

        // Assert: said once; nothing written.
        Assert.Single(await OpenFindingsAsync("dart_task_unreadable"));
        Assert.Equal(1, await AuditCountAsync("integrity_violation", "dart_task_unreadable"));
        Assert.Equal(rows, await _db.RowVersionsAsync());
    }

    [Fact]
    public async Task A_Poisoned_Page_In_A_Full_Sync_Is_Set_Aside_And_Resolves_At_The_Next_Full_Sync_That_Reads_It()
    {
        // Arrange
        var good = new[] { WorkOrderTask(1), WorkOrderTask(2), WorkOrderTask(3) };
        ServeAndStub([Item(good[0]), NumericId(4, minutes: 4), Item(good[1]), Item(good[2])], good);
        _dart.ServeItems([], inTrash: true);

        // Act
        await SyncAsync(SyncMode.Full);

        // Assert
        Assert.Equal(["task00000001", "task00000002", "task00000003", null, null], await LinkedAsync());
        Assert.Equal("page@0#1", Assert.Single(await OpenFindingsAsync("dart_task_unreadable"))[0]);
        Assert.NotNull(await _db.ScalarAsync<DateTime?>("SELECT last_full_sync_at FROM dart_sync_state"));

        // Act: DART's item reads again; the next full sync walks every task.
        _dart.Reset();
        var fixedTask = WorkOrderTask(4, minutes: 4);
        ServeAndStub([.. good.Select(Item), Item(fixedTask)], [fixedTask]);
        _dart.ServeItems([], inTrash: true);
        await SyncAsync(SyncMode.Full);

        // Assert: the task is applied and the finding resolved, audited as the integrity job's are.
        Assert.Equal("task00000004", (await LinkedAsync())[3]);
        Assert.Empty(await OpenFindingsAsync("dart_task_unreadable"));
        Assert.Equal(1, await AuditCountAsync("integrity_resolved", "dart_task_unreadable"));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("title")]
    public async Task A_Null_Where_Dart_Allows_None_Is_Set_Aside_Until_The_Task_Reads_Again(string member)
    {
        // Arrange: two linked tasks; then DART lists task 1 with a null and task 2 done.
        var tasks = new[] { WorkOrderTask(1), WorkOrderTask(2) };
        ServeAndStub([.. tasks.Select(Item)], tasks);
        await SyncAsync();
        _dart.Reset();
        var broken = Item(WorkOrderTask(1, minutes: 60));
        broken[member] = null;
        var done = WorkOrderTask(2, "Done", minutes: 120);
        ServeAndStub([broken, Item(done)], [done], updatedAfter: After(T0.AddMinutes(2)));

        // Act
        await SyncAsync();

        // Assert: task 2 applied, task 1 set aside under its id, the watermark past both.
        Assert.Equal("completed", await _db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks WHERE task_number = 2"));
        Assert.Equal("in_progress", await _db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks WHERE task_number = 1"));
        var finding = Assert.Single(await OpenFindingsAsync("dart_task_unreadable"));
        Assert.Equal("task00000001", finding[0]);
        Assert.Contains($"$.{member}", (string)finding[1]!, StringComparison.Ordinal);
        Assert.Equal(T0.AddMinutes(120).UtcDateTime, await WatermarkAsync());

        // Act: task 1 reads fine again.
        _dart.Reset();
        var fine = WorkOrderTask(1, "Done", minutes: 180);
        ServeAndStub([Item(fine)], [fine], updatedAfter: After(T0.AddMinutes(120)));
        await SyncAsync();

        // Assert
        Assert.Equal("completed", await _db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks WHERE task_number = 1"));
        Assert.Empty(await OpenFindingsAsync("dart_task_unreadable"));
        Assert.Equal(1, await AuditCountAsync("integrity_resolved", "dart_task_unreadable"));
    }

    [Fact]
    public async Task A_Linked_Task_Whose_List_Item_Does_Not_Read_Is_Not_Reported_Deleted_By_The_Full_Resync()
    {
        var tasks = new[] { WorkOrderTask(1), WorkOrderTask(2) };
        ServeAndStub([.. tasks.Select(Item)], tasks);
        await SyncAsync();
        _dart.Reset();
        var broken = Item(tasks[1]);
        broken["status"] = 7;
        ServeAndStub([Item(tasks[0]), broken], []);
        _dart.ServeItems([], inTrash: true);

        var report = await SyncAsync(SyncMode.Full);

        Assert.Equal(0, report.Deleted);
        Assert.Empty(await OpenFindingsAsync("dart_task_deleted"));
        Assert.Equal("task00000002", Assert.Single(await OpenFindingsAsync("dart_task_unreadable"))[0]);
    }

    [Fact]
    public async Task An_Unlinked_Task_With_A_NUL_In_Its_Title_Is_Reported_And_The_Rest_Applied()
    {
        // Arrange: a shadow task between two linked ones; PostgreSQL refuses U+0000 in text (22021).
        var stray = NewTask("straytask001", "Plan the\0 retro\u001b[2J", "Doing", T0.AddMinutes(9));
        var good = new[] { WorkOrderTask(1), WorkOrderTask(2) };
        ServeAndStub([Item(good[0]), Item(stray), Item(good[1])], good);

        // Act
        await SyncAsync();

        // Assert: the shadow task is reported with its title made safe; the rest applied; the watermark moved.
        Assert.Equal("Plan the retro[2J", await _db.ScalarAsync<string>(
            "SELECT new_value FROM v7_sync_audit WHERE action = 'dart_task_unlinked' AND dart_task_id = 'straytask001'"));
        Assert.Equal("straytask001", Assert.Single(await OpenFindingsAsync("dart_task_unlinked"))[0]);
        Assert.Equal(["task00000001", "task00000002", null, null, null], await LinkedAsync());
        Assert.Equal(T0.AddMinutes(9).UtcDateTime, await WatermarkAsync());
    }

    [Fact]
    public async Task A_NUL_In_A_Status_Is_Removed_And_The_Status_Applied()
    {
        var task = WorkOrderTask(1, "Do\0ing");
        ServeAndStub([Item(task)], [task]);

        await SyncAsync();

        var row = Assert.Single(await _db.RowsAsync("SELECT status, dart_status FROM v7_subworkflow_tasks WHERE task_number = 1"));
        Assert.Equal(["in_progress", "Doing"], row);
        Assert.Equal(T0.AddMinutes(1).UtcDateTime, await WatermarkAsync());
    }

    [Fact]
    public async Task A_Javascript_Attachment_Is_Dropped_And_Audited_Once_Across_Two_Cycles()
    {
        // Arrange: a good attachment, a javascript: one and one holding an OSC-8 hyperlink escape sequence.
        string[] attachments = ["https://files.example/1.pdf", "javascript:alert(1)", "https://files.example/\u001b]8;;https://evil.example\u001b\\x"];
        var first = WorkOrderTask(1, "Doing", minutes: 1, attachments);
        ServeAndStub([Item(first)], [first]);
        await SyncAsync();
        _dart.Reset();
        var second = WorkOrderTask(1, "Done", minutes: 60, attachments);
        ServeAndStub([Item(second)], [second], updatedAfter: After(T0.AddMinutes(1)));

        // Act: the task changed, and DART still sends both links.
        await SyncAsync();

        // Assert: only the http(s) link is a deliverable; each rejected link audited once, with its reason.
        Assert.Equal(["https://files.example/1.pdf"], (await _db.ScalarAsync<string[]>("SELECT deliverable_urls FROM v7_subworkflow_tasks WHERE task_number = 1"))!);
        Assert.Equal("completed", await _db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks WHERE task_number = 1"));
        var rejected = await _db.RowsAsync("SELECT new_value, detail->>'reason', field FROM v7_sync_audit WHERE action = 'deliverable_rejected' ORDER BY id");
        Assert.Equal(2, rejected.Count);
        Assert.Equal("javascript:alert(1)", rejected[0][0]);
        Assert.Contains("javascript", (string)rejected[0][1]!, StringComparison.Ordinal);
        Assert.Equal("https://files.example/\\u001B]8;;https://evil.example\\u001B\\x", rejected[1][0]);
        Assert.All(rejected, r => Assert.Equal("deliverable_urls", r[2]));
    }

    [Fact]
    public async Task A_Snapshot_The_Database_Refuses_Fails_Alone_And_The_Finding_Names_The_Error()
    {
        // Arrange: a constraint that refuses one status title; task 2 has it, on the same page as task 1.
        await _db.ExecuteAsync("ALTER TABLE v7_subworkflow_tasks ADD CONSTRAINT ck_test_refuse CHECK (dart_status IS DISTINCT FROM 'Refuse me')");
        var tasks = new[] { WorkOrderTask(1), WorkOrderTask(2, "Refuse me"), WorkOrderTask(3) };
        ServeAndStub([.. tasks.Select(Item)], tasks);

        // Act
        await SyncAsync();

        // Assert: tasks 1 and 3 applied, task 2 set aside naming the database's error, the watermark past all three.
        Assert.Equal(["task00000001", null, "task00000003", null, null], await LinkedAsync());
        var finding = Assert.Single(await OpenFindingsAsync("dart_task_unreadable"));
        Assert.Equal("task00000002", finding[0]);
        Assert.Contains("23514", (string)finding[1]!, StringComparison.Ordinal);
        Assert.Contains("ck_test_refuse", (string)finding[1]!, StringComparison.Ordinal);
        Assert.Equal(T0.AddMinutes(3).UtcDateTime, await WatermarkAsync());
    }

    [Fact]
    public async Task A_Future_UpdatedAt_From_Dart_Itself_Is_Applied_With_Dart_Clock_Skew_And_Moves_No_Watermark()
    {
        // Arrange: DART's own record of task 2 is stamped 2099.
        var future = NewTask("task00000002", "P1.T2 Work order 2", "Doing", new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var tasks = new[] { WorkOrderTask(1), future };
        ServeAndStub([.. tasks.Select(Item)], tasks);

        // Act
        await SyncAsync();

        // Assert: applied as DART holds it, said once as a finding; the watermark stays with the present.
        Assert.Equal(["task00000001", "task00000002", null, null, null], await LinkedAsync());
        Assert.Equal("task00000002", Assert.Single(await OpenFindingsAsync("dart_clock_skew"))[0]);
        Assert.Equal(1, await AuditCountAsync("integrity_violation", "dart_clock_skew"));
        Assert.Equal(T0.AddMinutes(1).UtcDateTime, await WatermarkAsync());
    }
}
