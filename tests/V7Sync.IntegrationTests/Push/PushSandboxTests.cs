using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Push;
using V7Sync.Sandbox;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.IntegrationTests.Push;

/// <summary>
/// Both directions end to end against the DART sandbox (DART's real shapes, its own state and webhooks): work orders
/// reach DART, the guide's rollback survives a full resync, a persona's move against a decision is a conflict, and
/// replicas share one outbox without making a task twice.
/// </summary>
public sealed class PushSandboxTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private DartSandbox _dart = null!;
    private TestDatabase _db = null!;
    private readonly List<V7SyncApp> _apps = [];

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        _dart = await DartSandbox.StartAsync(new DartSandboxOptions { WebhookSecret = V7SyncApp.WebhookSecret });
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _dart.DisposeAsync();
        await _db.DisposeAsync();
    }

    internal static Dictionary<string, string?> Settings(DartSandbox dart, bool push, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dart:BaseUrl"] = dart.BaseUrl.ToString(),
            ["Dart:Token"] = dart.Token,
            ["Dart:RetryBaseDelay"] = "00:00:00.010",
            ["Push:Enabled"] = push ? "true" : "false",
            ["Push:PollInterval"] = "00:00:00.200",
            ["Push:InitialBackoff"] = "00:00:00.050",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A replica of V7Sync on this database and this DART; with <paramref name="webhooks"/>, on Kestrel and DART's webhook target.</summary>
    private V7SyncApp Replica(bool push, bool webhooks = false, params (string Key, string? Value)[] extra)
    {
        var app = new V7SyncApp(_db.ConnectionString, Settings(_dart, push, extra));
        _apps.Add(app);
        if (webhooks)
        {
            app.UseKestrel(0);
            app.StartServer();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            _dart.Webhooks.Target = new Uri(new Uri(address), "/webhooks/dart");
        }
        else
        {
            app.StartServer();
        }

        return app;
    }

    private static async Task FullResyncAsync(V7SyncApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(SyncMode.Full, AuditSources.Resync, CancellationToken.None);
    }

    private static Task<IReadOnlyList<PushResult>> DrainAsync(V7SyncApp app) =>
        app.Services.GetRequiredService<OutboxDrainer>().DrainAsync(CancellationToken.None);

    private Task<long> CountAsync(string sql) => _db.ScalarAsync<long>(sql);

    [Fact]
    public async Task A_Work_Order_Issued_By_Sql_Reaches_Dart_At_Once_And_Darts_Echo_Changes_Nothing()
    {
        // Arrange: a running replica that takes DART's webhooks; its fallback poll too slow to matter.
        Replica(true, true, ("Push:PollInterval", "00:10:00"), ("Dart:PersonaAssignees:Layer 1 Data Sentinel", "Layer 1 Data Sentinel"));
        await WaitFor.ConditionAsync(async () => await CountAsync(
            $"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{_db.Name}' AND query = 'LISTEN {OutboxListener.Channel}'") == 1,
            Timeout, "the replica to listen for outbox notifications");

        // Act: the guide's §3.2 INSERT, without a DART task id.
        await _db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, responsible_persona, status, notes)
            VALUES (1, 1, 'Document all duplicate ENUMs', 'Layer 1 Data Sentinel', 'pending', 'Work order issued 2025-08-07')
            """);
        await WaitFor.ConditionAsync(async () => await CountAsync("SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE dart_task_id IS NOT NULL") == 1,
            Timeout, "the work order's DART task, long before the fallback poll");
        await WaitFor.ConditionAsync(async () => _dart.Webhooks.Pending == 0
            && await CountAsync("SELECT COUNT(*) FROM dart_webhook_inbox WHERE status IN ('pending', 'processing')") == 0
            && await CountAsync("SELECT COUNT(*) FROM dart_webhook_inbox") > 0, Timeout, "DART's task.created to be applied");

        // Assert: DART holds the work order; its webhook added no audit row and no outbox row.
        var id = Assert.Single(_dart.Creates.Ids);
        var task = _dart.Store.Get(id);
        Assert.Equal(("P1.T1 Document all duplicate ENUMs", "To-do", "Work order issued 2025-08-07", "Layer 1 Data Sentinel"),
            (task.Title, task.Status, task.Description, task.Assignees.Single()));
        Assert.Equal(id, await _db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks"));
        Assert.Equal(["dart_task_created"], (await _db.RowsAsync("SELECT action FROM v7_sync_audit")).Select(r => (string)r[0]!));
        Assert.Equal(1L, await CountAsync("SELECT COUNT(*) FROM dart_outbox"));
    }

    [Fact]
    public async Task The_Guides_Rollback_Survives_A_Full_Resync_And_Dart_Shows_The_Cancel()
    {
        // Arrange: phase 1's three work orders, in DART and worked on there.
        var app = Replica(push: false);
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) SELECT 1, n, 'Work ' || n FROM generate_series(1, 3) AS n");
        await DrainAsync(app);
        foreach (var id in _dart.Creates.Ids)
        {
            _dart.Store.SetStatus(id, SandboxDefaults.Doing);
        }

        await FullResyncAsync(app);
        Assert.Equal(3L, await CountAsync("SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE status = 'in_progress'"));

        // Act: §8.2 verbatim for phase 1; a full resync before the push has gone out, then the push, then another resync.
        foreach (var statement in SqlStatementSplitter.Split(GuideText.CodeBlockUnder("### 8.2 Emergency Rollback Procedures", "sql")))
        {
            await _db.ExecuteAsync(SqlStatementSplitter.BindPlaceholders(statement, "1"));
        }

        await FullResyncAsync(app);
        var cancelledBeforePush = await CountAsync("SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE status = 'cancelled'");
        await DrainAsync(app);
        await FullResyncAsync(app);

        // Assert: the rows stay cancelled, DART shows its cancelled status, and nothing reversed them.
        Assert.Equal(3L, cancelledBeforePush);
        Assert.Equal(3L, await CountAsync("SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE status = 'cancelled'"));
        Assert.All(_dart.Creates.Ids, id => Assert.Equal(SandboxDefaults.Canceled, _dart.Store.Get(id).Status));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM v7_sync_audit WHERE action = 'status_changed' AND new_value <> 'in_progress'"));
        Assert.Equal(3L, await CountAsync("SELECT COUNT(*) FROM v7_sync_audit WHERE action = 'dart_status_pushed' AND new_value = 'cancelled'"));
        Assert.Equal(0L, await CountAsync("SELECT COUNT(*) FROM v7_open_findings"));
        Assert.All(_dart.Creates.Ids, id => Assert.Contains(_dart.Store.Comments(id), c => c.Text.StartsWith("Conductor's note: Rolled back on", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_Persona_Moving_A_Cancelled_Task_To_Doing_Opens_Status_Conflict_And_The_Row_Stays_Cancelled()
    {
        // Arrange: a cancelled work order, and DART following it.
        var app = Replica(push: false);
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 1, 'Work')");
        await DrainAsync(app);
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'cancelled'");
        await DrainAsync(app);
        var id = Assert.Single(_dart.Creates.Ids);
        Assert.Equal(SandboxDefaults.Canceled, _dart.Store.Get(id).Status);

        // Act: a persona moves it to Doing; the nightly resync sees it.
        _dart.Store.SetStatus(id, SandboxDefaults.Doing);
        await FullResyncAsync(app);

        // Assert
        Assert.Equal("cancelled", await _db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks"));
        Assert.Equal("Doing", await _db.ScalarAsync<string>("SELECT detail->'facts'->>'dartStatus' FROM v7_open_findings WHERE rule = 'status_conflict'"));
    }

    [Fact]
    public async Task Two_Replicas_Draining_One_Outbox_Create_One_Dart_Task_Per_Work_Order()
    {
        // Arrange: two replicas on one database and one DART, each pushing with several workers.
        Replica(true, false, ("Push:Concurrency", "4"), ("Push:BatchSize", "5"));
        Replica(true, false, ("Push:Concurrency", "4"), ("Push:BatchSize", "5"));

        // Act: forty work orders in one statement, and a rename of each while they go out.
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) SELECT 1 + n % 3, n, 'Work ' || n FROM generate_series(1, 40) AS n");
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET task_name = task_name || ' (renamed)'");
        await WaitFor.ConditionAsync(async () => await CountAsync("SELECT COUNT(*) FROM dart_outbox WHERE status <> 'done'") == 0,
            Timeout, "both replicas to drain the outbox");

        // Assert: one DART task per work order, each with its current title, and each linked.
        Assert.Equal(40, _dart.Creates.Count);
        Assert.Equal(40, _dart.Store.All.Select(t => t.Title).Distinct().Count());
        Assert.All(_dart.Store.All, t => Assert.EndsWith(" (renamed)", t.Title, StringComparison.Ordinal));
        Assert.Equal(40L, await CountAsync("SELECT COUNT(DISTINCT dart_task_id) FROM v7_subworkflow_tasks"));
    }

    [Fact]
    public async Task A_Batch_Of_Creates_In_One_Phase_Looks_In_Dart_Once_And_Links_The_Task_A_Persona_Made()
    {
        // Arrange: a persona made P1.T12 by hand; the conductor issues twelve work orders of phase 1 in one statement.
        var handMade = _dart.Store.Create("P1.T12 Made by hand in DART");
        var app = Replica(false, false, ("Dart:PollEnabled", "false"));
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) SELECT 1, n, 'Work ' || n FROM generate_series(1, 12) AS n");
        _dart.Requests.Reset();

        // Act
        await DrainAsync(app);

        // Assert: one title search for the phase (not one per work order), the hand-made task read whole and linked.
        Assert.Equal(1, _dart.Requests.Count("GET /tasks/list"));
        Assert.Equal(1, _dart.Requests.Count("GET /tasks/{id}"));
        Assert.Equal(11, _dart.Creates.Count);
        Assert.Equal(handMade.Id, await _db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks WHERE task_number = 12"));
        Assert.Equal(12L, await CountAsync("SELECT COUNT(DISTINCT dart_task_id) FROM v7_subworkflow_tasks"));
    }

    [Fact]
    public async Task A_Phase_Listing_Longer_Than_A_Search_Per_Key_Gives_Way_To_The_Searches()
    {
        // Arrange: pages of 2, twenty tasks of phase 2 in DART already (ten pages), and three new work orders of it.
        _dart.Store.Seed(20, n => $"P2.T{1 + n} Earlier work");
        var app = Replica(false, false, ("Dart:PollEnabled", "false"), ("Dart:PageSize", "2"));
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) SELECT 2, n, 'Work ' || n FROM generate_series(101, 103) AS n");
        _dart.Requests.Reset();

        // Act
        await DrainAsync(app);

        // Assert: the phase's first page, then one search per key (each a single page: DART has no P2.T10x), and three creates.
        Assert.Equal(1 + 3, _dart.Requests.Count("GET /tasks/list"));
        Assert.Equal(3, _dart.Creates.Count);
    }
}
