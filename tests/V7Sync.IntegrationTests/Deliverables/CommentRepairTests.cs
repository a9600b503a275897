using Microsoft.Extensions.DependencyInjection;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sandbox;
using V7Sync.Sync;

namespace V7Sync.IntegrationTests.Deliverables;

/// <summary>The full resync repairs the comment.created webhooks that never arrived.</summary>
public sealed class CommentRepairTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task The_Full_Resync_Adds_The_Doc_Links_In_The_Comments_Of_Every_Open_Linked_Task_Only()
    {
        // Arrange: three linked tasks, commented on with doc links whose webhooks were lost; P1.T2 is done in DART.
        await using var dart = await DartSandbox.StartAsync();
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name) VALUES (1, 1, 1, 'Open'), (2, 1, 2, 'Done'), (3, 1, 3, 'Many comments')
            """);
        var open = dart.Store.Create("P1.T1 Open", SandboxDefaults.Doing, notify: false);
        var done = dart.Store.Create("P1.T2 Done", SandboxDefaults.Done, notify: false);
        var many = dart.Store.Create("P1.T3 Many comments", SandboxDefaults.InReview, notify: false);
        dart.Store.AddComment(open.Id, "Draft: https://app.dartai.com/o/DocDocDoc001-Draft and again https://app.dartai.com/o/DocDocDoc001-Draft-v2", notify: false);
        dart.Store.AddComment(done.Id, "Final: https://app.dartai.com/o/DocDocDoc002-Final", notify: false);
        for (var i = 0; i < 3; i++)
        {
            dart.Store.AddComment(many.Id, i == 2 ? "Result: https://app.dartai.com/o/DocDocDoc003-Result." : "Looking at it.", notify: false);
        }

        // Act
        var report = await SyncAsync(dart, db, SyncMode.Full);

        // Assert: the open tasks' doc links added once each (the same doc under a new slug is not new), the done one's not read.
        Assert.Equal(["https://app.dartai.com/o/DocDocDoc001-Draft"], await DeliverablesAsync(db, 1));
        Assert.Empty(await DeliverablesAsync(db, 2));
        Assert.Equal(["https://app.dartai.com/o/DocDocDoc003-Result"], await DeliverablesAsync(db, 3));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM v7_sync_audit WHERE action = 'deliverable_added' AND source = 'resync'"));
        // Pages of two: one request for P1.T1, two for P1.T3's three comments, none for the done task.
        Assert.Equal(3, dart.Requests.Count("GET /comments/list"));
        Assert.Equal(3, report.Deliverables!.CommentRequests);
    }

    [Fact]
    public async Task An_Incremental_Cycle_Reads_No_Comments()
    {
        await using var dart = await DartSandbox.StartAsync();
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (id, parent_phase, task_number, task_name) VALUES (1, 1, 1, 'Open')");
        var task = dart.Store.Create("P1.T1 Open", SandboxDefaults.Doing, notify: false);
        dart.Store.AddComment(task.Id, "Draft: https://app.dartai.com/o/DocDocDoc001-Draft", notify: false);

        await SyncAsync(dart, db, SyncMode.Incremental);

        Assert.Equal(0, dart.Requests.Count("GET /comments/list"));
        Assert.Empty(await DeliverablesAsync(db, 1));
    }

    private static async Task<SyncReport> SyncAsync(DartSandbox dart, TestDatabase db, SyncMode mode)
    {
        await using var app = new V7SyncApp(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Dart:BaseUrl"] = dart.BaseUrl.ToString(),
            ["Dart:Token"] = dart.Token,
            ["Dart:PageSize"] = "2",
        });
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(mode, "resync", CancellationToken.None);
    }

    private static async Task<string[]> DeliverablesAsync(TestDatabase db, int taskId) =>
        (await db.ScalarAsync<string[]>("SELECT deliverable_urls FROM v7_subworkflow_tasks WHERE id = $1", taskId))!;
}
