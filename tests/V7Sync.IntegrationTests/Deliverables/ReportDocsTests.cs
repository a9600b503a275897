using Microsoft.Extensions.DependencyInjection;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Deliverables;

/// <summary>
/// Reports the personas file in DART's docs folders become deliverables of the work orders they name, read by each
/// sync cycle from the DART sandbox (its docs ordered by an internal change counter: DART's docs have no timestamp).
/// </summary>
public sealed class ReportDocsTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string PhaseFolder = "Phase 2 Reports";
    private DartSandbox _dart = null!;
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _dart = await DartSandbox.StartAsync();
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name) VALUES
                (1, 1, 3, 'Map foreign keys across schemas'), (2, 2, 1, 'Design the unified status ENUM'), (3, 1, 4, 'Audit file_audit coverage')
            """);
    }

    public async Task DisposeAsync()
    {
        await _dart.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_Report_Whose_Title_Names_A_Work_Order_Becomes_Its_Deliverable_Audited_As_From_The_Doc()
    {
        // Arrange: a report in the report folder, and one with the same key in a folder V7Sync does not read.
        var report = _dart.Docs.Create("P1.T3 Foreign key map report", text: "All 212 foreign keys mapped.");
        _dart.Docs.Create("P1.T3 scratch notes", folder: "General/Docs");

        // Act
        await SyncAsync();

        // Assert
        Assert.Equal([report.HtmlUrl], await DeliverablesAsync(1));
        var audit = Assert.Single(await _db.RowsAsync("SELECT source, task_id, field, new_value, detail::text FROM v7_sync_audit WHERE action = 'deliverable_added'"));
        Assert.Equal(["poll", 1, "deliverable_urls", report.HtmlUrl, $$"""{"from": "doc", "doc_id": "{{report.Id}}"}"""], audit);
        Assert.Equal(1, _dart.Requests.Count("GET /docs/list"));
    }

    [Fact]
    public async Task A_Report_Whose_Text_Links_A_Linked_Dart_Task_Becomes_That_Work_Orders_Deliverable()
    {
        // Arrange: DART's task for P1.T3 (linked by key in the same cycle); the report's title names no key.
        var task = _dart.Store.Create("P1.T3 Map foreign keys across schemas", notify: false);
        var report = _dart.Docs.Create("Foreign key map", text: $"Report on [the mapping]({task.HtmlUrl}), and see https://app.dartai.com/t/zzzzzzzzzzzz for more.");

        // Act
        await SyncAsync();

        // Assert: the work order linked to that task, and only it.
        Assert.Equal([report.HtmlUrl], await DeliverablesAsync(1));
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE action = 'deliverable_added'"));
    }

    [Fact]
    public async Task A_Quiet_Cycle_Lists_Each_Report_Folder_Once_And_Writes_Nothing()
    {
        // Arrange: more docs than fit a page (2) in both folders, all read once.
        for (var i = 1; i <= 5; i++)
        {
            _dart.Docs.Create(i == 3 ? "P1.T3 report" : $"Notes {i}");
        }

        for (var i = 1; i <= 3; i++)
        {
            _dart.Docs.Create(i == 2 ? "P2.T1 report" : $"Phase notes {i}", folder: PhaseFolder);
        }

        await SyncAsync(phaseFolder: true);
        _dart.Requests.Reset();
        var rowVersions = await _db.RowVersionsAsync();

        // Act
        var report = await SyncAsync(phaseFolder: true);

        // Assert: one request per folder (the task list's aside), no doc fetched, not one row written anywhere.
        Assert.Equal(2, _dart.Requests.Count("GET /docs/list"));
        Assert.Equal(0, _dart.Requests.Count("GET /docs/{id}"));
        Assert.Equal((2, 0), (report.Deliverables!.DocRequests, report.Deliverables.DocsFetched));
        Assert.Equal(rowVersions, await _db.RowVersionsAsync());
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE action = 'deliverable_added'"));
    }

    [Fact]
    public async Task An_Edited_Report_Moves_Up_Is_Read_Again_And_The_Walk_Stops_At_The_First_Page_With_Nothing_New()
    {
        // Arrange: five docs (pages of two); the oldest, at the bottom, is edited to name P1.T4; the newest is renamed.
        var docs = Enumerable.Range(1, 5).Select(i => _dart.Docs.Create($"Notes {i}")).ToList();
        await SyncAsync();
        _dart.Requests.Reset();
        _dart.Docs.Update(docs[0].Id, d => d with { Text = "Coverage report, final." });
        _dart.Docs.Update(docs[4].Id, d => d with { Title = "P1.T4 Coverage summary" });

        // Act
        await SyncAsync();

        // Assert: pages 1 (both changed) and 2 (nothing new) listed, page 3 not; the two changed docs fetched.
        Assert.Equal(2, _dart.Requests.Count("GET /docs/list"));
        Assert.Equal(2, _dart.Requests.Count("GET /docs/{id}"));
        Assert.Equal([_dart.Docs.Find(docs[4].Id)!.HtmlUrl], await DeliverablesAsync(3));
    }

    [Fact]
    public async Task A_Report_Naming_A_Key_No_Work_Order_Has_Is_Report_Unmatched_Until_The_Conductor_Issues_It()
    {
        // Arrange
        var report = _dart.Docs.Create("P2.T9 Impact register report");
        await SyncAsync();
        var opened = await _db.ScalarAsync<string>("SELECT message FROM v7_sync_findings WHERE rule = 'report_unmatched' AND status = 'open' AND subject = $1", report.Id);

        // Act: the conductor issues the work order the report names (the guide's §3.2 INSERT).
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name) VALUES (9, 2, 9, 'Design the global impact register')");
        await SyncAsync();

        // Assert
        Assert.Equal($"Report doc {report.Id} 'P2.T9 Impact register report' names P2.T9, which no work order has; it becomes its deliverable once the work order exists.", opened);
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_findings WHERE rule = 'report_unmatched' AND status = 'open'"));
        Assert.Equal([report.HtmlUrl], await DeliverablesAsync(9));
        Assert.Equal(["integrity_violation", "deliverable_added", "integrity_resolved"],
            (await _db.RowsAsync("SELECT action FROM v7_sync_audit ORDER BY id")).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task In_A_Phase_Folder_Only_A_Report_Naming_That_Phase_Is_A_Deliverable()
    {
        // Arrange
        var own = _dart.Docs.Create("P2.T1 Status ENUM design", folder: PhaseFolder);
        var other = _dart.Docs.Create("P1.T3 Foreign keys", folder: PhaseFolder);

        // Act
        await SyncAsync(phaseFolder: true);

        // Assert
        Assert.Equal([own.HtmlUrl], await DeliverablesAsync(2));
        Assert.Empty(await DeliverablesAsync(1));
        Assert.Equal($"Report doc {other.Id} 'P1.T3 Foreign keys' in the phase 2 folder '{PhaseFolder}' names P1.T3, a work order of phase 1; not a deliverable.",
            await _db.ScalarAsync<string>("SELECT message FROM v7_sync_findings WHERE rule = 'report_unmatched' AND status = 'open'"));
    }

    /// <param name="phaseFolder">Read <see cref="PhaseFolder"/> too, as phase 2's (Dart:PhaseFolders:2).</param>
    private async Task<SyncReport> SyncAsync(bool phaseFolder = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dart:BaseUrl"] = _dart.BaseUrl.ToString(),
            ["Dart:Token"] = _dart.Token,
            ["Dart:PageSize"] = "2",
        };
        if (phaseFolder)
        {
            settings["Dart:PhaseFolders:2"] = PhaseFolder;
        }

        await using var app = new V7SyncApp(_db.ConnectionString, settings);
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Incremental, "poll", CancellationToken.None);
    }

    private async Task<string[]> DeliverablesAsync(int taskId) =>
        (await _db.ScalarAsync<string[]>("SELECT deliverable_urls FROM v7_subworkflow_tasks WHERE id = $1", taskId))!;
}
