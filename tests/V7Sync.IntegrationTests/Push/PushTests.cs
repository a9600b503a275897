using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Push;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Push;

/// <summary>
/// The conductor's writes reaching DART, faked with WireMock: the exact requests of a create, an update of only the
/// changed fields, a status, a deferral, and how faults end. Each test drains the outbox once or until a condition holds.
/// </summary>
public sealed class PushTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    internal static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private const string Linked = "linkedTask01";
    private readonly FakeDart _dart = new();
    private TestDatabase _db = null!;
    private V7SyncApp? _app;

    public async Task InitializeAsync() => _db = await server.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        try
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }

            _dart.Dispose(); // fails the test on an unstubbed request; the database is dropped all the same
        }
        finally
        {
            await _db.DisposeAsync();
        }
    }

    private Dictionary<string, string?> Settings(Dictionary<string, string?>? extra = null) => _dart.Settings(new Dictionary<string, string?>
    {
        ["Dart:Dartboard"] = "V7/Active",
        ["Dart:PersonaAssignees:Layer 1 Data Sentinel"] = "sentinel@v7.example",
        ["Push:InitialBackoff"] = "00:00:00.050",
        ["Push:MaxBackoff"] = "00:00:00.200",
    }.Concat(extra ?? []).ToDictionary());

    /// <summary>One drain of the outbox by the test's app (made at the first drain, with these settings).</summary>
    private Task<IReadOnlyList<PushResult>> DrainAsync(Dictionary<string, string?>? settings = null)
    {
        _app ??= new V7SyncApp(_db.ConnectionString, Settings(settings));
        return _app.Services.GetRequiredService<OutboxDrainer>().DrainAsync(CancellationToken.None);
    }

    /// <summary>A work order already linked to DART task <see cref="Linked"/>: inserting it captures no create.</summary>
    private Task<int> LinkedWorkOrderAsync() => _db.ExecuteAsync($"""
        INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, responsible_persona, dart_task_id, dart_task_url, dart_status, dart_updated_at)
        VALUES (1, 3, 'Document all duplicate ENUMs', 'Layer 1 Data Sentinel', '{Linked}', 'https://app.dartai.com/t/{Linked}-P1.T3', 'To-do',
                '2026-11-20T09:00:00Z')
        """);

    private static DartTask Answer(string status = "To-do", string id = Linked, DateTimeOffset? completedAt = null) =>
        NewTask(id, "P1.T3 Document all duplicate ENUMs", status, T0.AddMinutes(5), completedAt);

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");

    private Task<List<string>> AuditAsync() =>
        _db.RowsAsync("SELECT concat_ws('|', source, action, field, COALESCE(old_value, ''), COALESCE(new_value, '')) FROM v7_sync_audit ORDER BY id")
            .ContinueWith(t => t.Result.Select(r => (string)r[0]!).ToList(), TaskScheduler.Default);

    [Fact]
    public async Task A_New_Work_Order_Is_Created_In_Dart_With_Title_Dartboard_Assignee_Status_Notes_And_Blockers()
    {
        // Arrange: the guide's INSERT (§3.2) without a DART task id, depending on a work order that has one.
        await _db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, dart_task_id) VALUES (1, 1, 'Inventory', 'dependency01');
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, responsible_persona, status, notes, dependencies)
            VALUES (1, 3, 'Document all duplicate ENUMs', 'Layer 1 Data Sentinel', 'pending', 'Work order issued 2025-08-07',
                    ARRAY[(SELECT id FROM v7_subworkflow_tasks WHERE task_number = 1)]);
            """);
        _dart.StubSearch("P1.T3", NewTask("otherTask030", "P1.T30 Another work order", "To-do", T0));
        var created = Answer(id: "createdTask1");
        _dart.StubCreate(created);

        // Act
        var results = await DrainAsync();

        // Assert: exactly DART's create body, and the link stored with DART's version, so its echo is no news.
        AssertJson("""
            {"item": {"title": "P1.T3 Document all duplicate ENUMs", "status": "To-do", "description": "Work order issued 2025-08-07",
                      "dartboard": "V7/Active", "assignees": ["sentinel@v7.example"], "taskRelationships": {"blockerIds": ["dependency01"]}}}
            """, Assert.Single(_dart.Bodies("POST", "/tasks")));
        Assert.Equal([(PushResult.Created, "P1.T3")], results.Select(r => (r.Action, r.Key)));
        Assert.Equal($"createdTask1|{created.HtmlUrl}|To-do|true", await _db.ScalarAsync<string>("""
            SELECT concat_ws('|', dart_task_id, dart_task_url, dart_status, (dart_updated_at = '2026-11-20T09:05:00Z')::text)
            FROM v7_subworkflow_tasks WHERE task_number = 3
            """));
        Assert.Equal(["push|dart_task_created|dart_task_id||createdTask1"], await AuditAsync());
        Assert.Equal(["done"], (await _db.RowsAsync("SELECT status FROM dart_outbox")).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Changing_The_Name_Sends_Only_The_Title()
    {
        // Arrange
        await LinkedWorkOrderAsync();
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET task_name = 'Document every duplicate ENUM' WHERE task_number = 3");
        _dart.StubUpdate(Answer() with { Title = "P1.T3 Document every duplicate ENUM" });

        // Act
        var results = await DrainAsync();

        // Assert
        AssertJson($$$"""{"item": {"id": "{{{Linked}}}", "title": "P1.T3 Document every duplicate ENUM"}}""", Assert.Single(_dart.Bodies("PUT", $"/tasks/{Linked}")));
        Assert.Equal([(PushResult.Updated, "task_name")], results.Select(r => (r.Action, string.Join(",", r.Fields))));
        Assert.Equal(["push|dart_task_updated|task_name|Document all duplicate ENUMs|Document every duplicate ENUM"], await AuditAsync());
    }

    [Fact]
    public async Task A_Status_The_Conductor_Writes_Is_Sent_As_Its_Dart_Title()
    {
        // Arrange
        await LinkedWorkOrderAsync();
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'blocked' WHERE task_number = 3");
        _dart.StubUpdate(Answer("Blocked"));

        // Act
        await DrainAsync();

        // Assert: the title, DART's answer stored as the row's version.
        AssertJson($$$"""{"item": {"id": "{{{Linked}}}", "status": "Blocked"}}""", Assert.Single(_dart.Bodies("PUT", $"/tasks/{Linked}")));
        Assert.Equal(["push|dart_status_pushed|status|pending|blocked"], await AuditAsync());
        Assert.Equal("blocked|Blocked|true", await _db.ScalarAsync<string>(
            "SELECT concat_ws('|', status, dart_status, (dart_updated_at = '2026-11-20T09:05:00Z')::text) FROM v7_subworkflow_tasks"));
    }

    [Fact]
    public async Task Deferring_Without_A_Deferred_Status_Posts_One_Comment_And_No_Update()
    {
        // Arrange
        await LinkedWorkOrderAsync();
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'deferred' WHERE task_number = 3");
        _dart.StubComment(Linked);

        // Act
        await DrainAsync();

        // Assert
        AssertJson($$$"""{"item": {"taskId": "{{{Linked}}}", "text": "Deferred by the conductor"}}""", Assert.Single(_dart.Bodies("POST", "/comments")));
        Assert.Empty(_dart.Bodies("PUT", $"/tasks/{Linked}"));
        Assert.Equal(["push|dart_status_pushed|status|pending|deferred"], await AuditAsync());
    }

    [Fact]
    public async Task An_Unmapped_Persona_Gets_No_Assignee_And_Opens_Persona_Unmapped()
    {
        // Arrange
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, responsible_persona) VALUES (1, 3, 'Document all duplicate ENUMs', 'Layer 9 Nobody')");
        _dart.StubSearch("P1.T3");
        _dart.StubCreate(Answer(id: "createdTask1"));

        // Act
        await DrainAsync();

        // Assert
        Assert.Null(Assert.Single(_dart.Bodies("POST", "/tasks"))["item"]!["assignees"]);
        Assert.Equal("Layer 9 Nobody", await _db.ScalarAsync<string>("SELECT subject FROM v7_open_findings WHERE rule = 'persona_unmapped'"));
    }

    [Fact]
    public async Task Dart_Down_Then_Busy_The_Create_Waits_And_Goes_Out_Later_Once()
    {
        // Arrange: no retries in the client, so each fault reaches the outbox: 503, then 429, then DART creates.
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 3, 'Document all duplicate ENUMs')");
        _dart.StubSearch("P1.T3");
        _dart.StubCreate(null, 503, """{"detail": "Service unavailable"}""", "faults", null, "busy");
        _dart.StubCreate(null, 429, """{"detail": "Too many requests"}""", "faults", "busy", "up");
        _dart.StubCreate(Answer(id: "createdTask1"), scenario: "faults", whenState: "up");
        var settings = new Dictionary<string, string?> { ["Dart:MaxRetries"] = "0" };

        // Act
        var first = await DrainAsync(settings);
        var outcomes = first.Select(r => r.Action).ToList();
        await WaitFor.ConditionAsync(async () =>
        {
            outcomes.AddRange((await DrainAsync(settings)).Select(r => r.Action));
            return await _db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks") is not null;
        }, TimeSpan.FromSeconds(30), "the create to go out once DART is back");

        // Assert: two waits, then one task created; nothing lost.
        Assert.Equal([PushResult.Retry, PushResult.Retry, PushResult.Created], outcomes);
        Assert.Equal(3, _dart.Bodies("POST", "/tasks").Count);
        Assert.Equal("done|3", await _db.ScalarAsync<string>("SELECT status || '|' || attempts FROM dart_outbox"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_open_findings"));
    }

    [Fact]
    public async Task An_Unknown_Dartboard_Makes_The_Row_Dead_At_Once_With_Darts_Message_In_Dart_Push_Failed()
    {
        // Arrange
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (2, 1, 'Design the ENUMs')");
        _dart.StubSearch("P2.T1");
        _dart.StubCreate(null, 400, """{"errors": ["dartboard: 'V7/Nope' does not exist"]}""");

        // Act
        var results = await DrainAsync(new Dictionary<string, string?> { ["Dart:PhaseDartboards:2"] = "V7/Nope" });

        // Assert: dead after one attempt, DART's answer kept, the finding says what DART said, and never the token.
        Assert.Equal([PushResult.Dead], results.Select(r => r.Action));
        var row = (await _db.RowsAsync("SELECT status, attempts, dart_response, last_error FROM dart_outbox")).Single();
        Assert.Equal(("dead", 1), ((string)row[0]!, (int)row[1]!));
        Assert.Contains("dartboard: 'V7/Nope' does not exist", (string)row[2]!, StringComparison.Ordinal);
        var message = await _db.ScalarAsync<string>("SELECT message FROM v7_open_findings WHERE rule = 'dart_push_failed'");
        Assert.Contains("P2.T1", message!, StringComparison.Ordinal);
        Assert.Contains("dartboard: 'V7/Nope' does not exist", message!, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, message! + row[2] + row[3], StringComparison.Ordinal);
        Assert.Null(await _db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks"));
    }

    [Fact]
    public async Task A_Dart_Task_Carrying_The_Key_Is_Linked_Instead_Of_Created()
    {
        // Arrange: a persona made the DART task by hand, as before the push existed.
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 3, 'Document all duplicate ENUMs')");
        var handMade = NewTask("handMadeTask", "P1.T3 ENUMs, by hand", "Doing", T0);
        _dart.StubSearch("P1.T3", NewTask("otherTask030", "P1.T30 Another work order", "To-do", T0), handMade);
        _dart.StubTask(handMade);

        // Act
        var results = await DrainAsync();

        // Assert: no create; linked by the reconciler's own rule, DART's state applied.
        Assert.Empty(_dart.Bodies("POST", "/tasks"));
        Assert.Equal([(PushResult.Linked, "handMadeTask")], results.Select(r => (r.Action, r.Note)));
        Assert.Equal("handMadeTask|in_progress", await _db.ScalarAsync<string>("SELECT dart_task_id || '|' || status FROM v7_subworkflow_tasks"));
        Assert.Contains("push|task_linked|dart_task_id||handMadeTask", await AuditAsync());
    }

    [Fact]
    public async Task When_A_Dependency_Gets_Its_Dart_Task_The_Blockers_Of_Its_Dependents_Follow()
    {
        // Arrange: T2 is in DART and depends on T1, which is not yet.
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 1, 'Inventory')");
        await _db.ExecuteAsync($"""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, dart_task_id, dependencies)
            VALUES (1, 2, 'Map', '{Linked}', ARRAY[(SELECT id FROM v7_subworkflow_tasks WHERE task_number = 1)])
            """);
        _dart.StubSearch("P1.T1");
        _dart.StubCreate(NewTask("createdTask1", "P1.T1 Inventory", "To-do", T0.AddMinutes(1)));
        _dart.StubUpdate(NewTask(Linked, "P1.T2 Map", "To-do", T0.AddMinutes(2)));

        // Act: one drain creates T1, and then sends T2's blockers.
        var results = await DrainAsync();

        // Assert
        Assert.Equal([(PushResult.Created, "P1.T1"), (PushResult.Updated, "P1.T2")], results.Select(r => (r.Action, r.Key)));
        AssertJson($$$$"""{"item": {"id": "{{{{Linked}}}}", "taskRelationships": {"blockerIds": ["createdTask1"]}}}""",
            Assert.Single(_dart.Bodies("PUT", $"/tasks/{Linked}")));
    }

    [Fact]
    public async Task Writes_Made_Before_The_Push_Go_Out_Together_With_The_Current_Values()
    {
        // Arrange: three writes to one linked work order before anything is pushed.
        await LinkedWorkOrderAsync();
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET task_name = 'A' WHERE task_number = 3");
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'blocked' WHERE task_number = 3");
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET task_name = 'B' WHERE task_number = 3");
        _dart.StubUpdate(NewTask(Linked, "P1.T3 B", "Blocked", T0.AddMinutes(5)));

        // Act
        await DrainAsync();

        // Assert: one PUT with what the row holds now; every outbox row done.
        AssertJson($$$"""{"item": {"id": "{{{Linked}}}", "title": "P1.T3 B", "status": "Blocked"}}""", Assert.Single(_dart.Bodies("PUT", $"/tasks/{Linked}")));
        Assert.Equal(["push|dart_task_updated|task_name|Document all duplicate ENUMs|B", "push|dart_status_pushed|status|pending|blocked"], await AuditAsync());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_outbox WHERE status <> 'done'"));
    }
}
