using Microsoft.Extensions.DependencyInjection;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Deliverables;

/// <summary>Reading a report folder against DART faked with WireMock: the exact requests, and what DART gets wrong.</summary>
public sealed class ReportDocReadingTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Folder = DartOptions.DefaultReportFolder;
    private readonly FakeDart _dart = new();
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name) VALUES (1, 1, 3, 'Map foreign keys'), (2, 1, 4, 'Audit coverage')");
        _dart.Serve([]);
    }

    public async Task DisposeAsync()
    {
        try
        {
            _dart.Dispose(); // fails the test on an unstubbed request
        }
        finally
        {
            await _db.DisposeAsync();
        }
    }

    [Fact]
    public async Task One_Doc_That_Does_Not_Read_Is_Set_Aside_The_Rest_Of_Its_Page_Applied_And_It_Is_Not_Fetched_Again()
    {
        // Arrange: a page of three: a doc whose htmlUrl is a script, one with a numeric id, and a good one.
        var good = Doc("goodgoodgood", "P1.T3 Foreign key map");
        _dart.StubDocList(Folder, $$"""
            {"count": 3, "next": null, "previous": null, "results": [
                {"id": "evilevilevil", "htmlUrl": "javascript:alert(1)", "title": "P1.T4 Coverage", "folder": "{{Folder}}"},
                {"id": 42, "htmlUrl": "https://app.dartai.com/o/x", "title": "P1.T4 Coverage", "folder": "{{Folder}}"},
                {{Json(good with { Text = null })}}
            ]}
            """);
        _dart.StubDoc(good);

        // Act: twice; the second cycle finds nothing new.
        await SyncAsync();
        await SyncAsync();

        // Assert: the good doc applied once; the broken ones set aside (logged), neither fetched nor applied.
        Assert.Equal([good.HtmlUrl], (await _db.ScalarAsync<string[]>("SELECT deliverable_urls FROM v7_subworkflow_tasks WHERE id = 1"))!);
        Assert.Empty((await _db.ScalarAsync<string[]>("SELECT deliverable_urls FROM v7_subworkflow_tasks WHERE id = 2"))!);
        Assert.Equal(1, _dart.Requests("/docs/goodgoodgood"));
        Assert.Equal(0, _dart.Requests("/docs/evilevilevil"));
        Assert.Equal(2, _dart.Requests("/docs/list"));
    }

    [Fact]
    public async Task A_Folder_Dart_Refuses_Is_Logged_And_Skipped_And_A_Doc_Gone_Before_Its_Fetch_Is_Skipped()
    {
        // Arrange: a second folder DART does not know (400), and in the first a doc deleted between list and fetch.
        var gone = Doc("gonegonegone", "P1.T3 Draft");
        _dart.StubDocList(Folder, Json(new DartPage<DartDoc>(1, null, null, [gone with { Text = null }])));
        _dart.StubDoc(gone, status: 404);
        _dart.StubDocList("No Such Folder", """{"detail": "folder: \"No Such Folder\" is not a valid choice."}""", status: 400);

        // Act
        var report = await SyncAsync(("Dart:ReportFolders:0", Folder), ("Dart:ReportFolders:1", "No Such Folder"));

        // Assert: the cycle succeeded; nothing applied.
        Assert.Equal(2, report.Deliverables!.DocRequests);
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit"));
        Assert.Null(await _db.ScalarAsync<string>("SELECT last_error FROM dart_sync_state"));
    }

    [Fact]
    public async Task A_Single_Blank_Report_Folder_Reads_No_Folder()
    {
        var report = await SyncAsync(("Dart:ReportFolders:0", ""));

        Assert.Equal(0, report.Deliverables!.DocRequests);
        Assert.Equal(0, _dart.Requests("/docs/list"));
    }

    private static DartDoc Doc(string id, string title) => new(id, $"https://app.dartai.com/o/{id}-Report", title, Folder, "The report.");

    private async Task<SyncReport> SyncAsync(params (string Key, string? Value)[] settings)
    {
        await using var app = new V7SyncApp(_db.ConnectionString, _dart.Settings(settings.ToDictionary(s => s.Key, s => s.Value)));
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Incremental, "poll", CancellationToken.None);
    }
}
