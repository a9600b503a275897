using System.Net;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Webhooks;
using V7Sync.Push;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Push;

/// <summary>
/// Both directions at once (DART faked with WireMock, webhooks posted to the real endpoint): DART's echo of V7Sync's
/// own write is no news, a pending push is not overwritten, and a move in DART never reverts the conductor's decision.
/// </summary>
public sealed class DecisionsStandTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string Id = "linkedTask01";
    private static readonly DateTimeOffset T0 = PushTests.T0;
    private readonly FakeDart _dart = new();
    private TestDatabase _db = null!;
    private V7SyncApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        _app = new V7SyncApp(_db.ConnectionString, _dart.Settings(WebhookTestSettings.Fast()));
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        try
        {
            _client.Dispose();
            await _app.DisposeAsync();
            _dart.Dispose(); // fails the test on an unstubbed request; the database is dropped all the same
        }
        finally
        {
            await _db.DisposeAsync();
        }
    }

    private Task<IReadOnlyList<PushResult>> DrainAsync() => _app.Services.GetRequiredService<OutboxDrainer>().DrainAsync(CancellationToken.None);

    private static DartTask InDart(string status, int minutes, DateTimeOffset? completedAt = null) =>
        NewTask(Id, "P1.T3 Document all duplicate ENUMs", status, T0.AddMinutes(minutes), completedAt);

    /// <summary>A work order linked to DART task <see cref="Id"/>, in progress there and here.</summary>
    private Task<int> LinkedInProgressAsync() => _db.ExecuteAsync($"""
        INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, status, started_at, dart_task_id, dart_task_url, dart_status, dart_updated_at)
        VALUES (1, 3, 'Document all duplicate ENUMs', 'in_progress', '2026-11-20T09:00:00Z', '{Id}', '{InDart("Doing", 0).HtmlUrl}', 'Doing',
                '2026-11-20T09:00:00Z')
        """);

    /// <summary>DART's webhook for the task as it is (data.model), signed; waits until the inbox has applied it.</summary>
    private async Task WebhookAsync(string type, DartTask task)
    {
        using var response = await _client.PostAsync($$$"""{"type": "{{{type}}}", "data": {"model": {{{Json(task)}}} } }""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _db.WaitForInboxDrainedAsync();
    }

    private Task<long> CountAsync(string table) => _db.ScalarAsync<long>($"SELECT COUNT(*) FROM {table}");

    [Fact]
    public async Task No_Echo_Darts_Webhook_Of_The_Task_V7Sync_Created_Adds_No_Audit_Row_And_No_Outbox_Row()
    {
        // Arrange: the conductor issues a work order; V7Sync creates its DART task.
        await _db.ExecuteAsync("INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) VALUES (1, 3, 'Document all duplicate ENUMs')");
        var created = InDart("To-do", 1);
        _dart.StubSearch("P1.T3");
        _dart.StubCreate(created);
        await DrainAsync();
        var (audit, outbox) = (await CountAsync("v7_sync_audit"), await CountAsync("dart_outbox"));

        // Act: DART announces the task V7Sync just created.
        await WebhookAsync("task.created", created);

        // Assert
        Assert.Equal(1L, audit); // dart_task_created
        Assert.Equal(audit, await CountAsync("v7_sync_audit"));
        Assert.Equal(outbox, await CountAsync("dart_outbox"));
        // The echo carries the very version V7Sync stored from DART's answer: superseded, so it changes nothing.
        Assert.Equal("superseded", await _db.ScalarAsync<string>("SELECT status FROM dart_webhook_inbox"));
    }

    [Fact]
    public async Task No_Echo_Darts_Webhooks_Of_A_Cancel_V7Sync_Sent_Add_No_Audit_Row_And_No_Outbox_Row()
    {
        // Arrange: the conductor cancels; V7Sync sends it; DART answers Canceled, completed.
        await LinkedInProgressAsync();
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'cancelled' WHERE task_number = 3");
        var cancelled = InDart("Canceled", 5, completedAt: T0.AddMinutes(5));
        _dart.StubUpdate(cancelled);
        await DrainAsync();
        var (audit, outbox) = (await CountAsync("v7_sync_audit"), await CountAsync("dart_outbox"));

        // Act: DART's webhooks for that very change.
        await WebhookAsync("task.updated", cancelled);
        await WebhookAsync("task.status_updated", cancelled);

        // Assert: the push recorded what DART set along (completedAt); the echoes change nothing.
        Assert.Equal(["dart_status_pushed", "completed_at_set"], (await _db.RowsAsync("SELECT action FROM v7_sync_audit ORDER BY id")).Select(r => (string)r[0]!));
        Assert.Equal(audit, await CountAsync("v7_sync_audit"));
        Assert.Equal(outbox, await CountAsync("dart_outbox"));
        Assert.Equal("cancelled|conductor", await _db.ScalarAsync<string>("SELECT status || '|' || status_origin FROM v7_subworkflow_tasks"));
    }

    [Fact]
    public async Task A_Status_Whose_Push_Is_Pending_Is_Not_Overwritten_By_A_Dart_Snapshot()
    {
        // Arrange: the conductor blocks the work order; before V7Sync sends it, DART reports an edit of the task.
        await LinkedInProgressAsync();
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'blocked' WHERE task_number = 3");

        // Act
        await WebhookAsync("task.updated", InDart("Doing", 2));

        // Assert: DART's version is recorded, the conductor's status stands, and still goes out.
        Assert.Equal("blocked|true", await _db.ScalarAsync<string>("SELECT status || '|' || (dart_updated_at = '2026-11-20T09:02:00Z')::text FROM v7_subworkflow_tasks"));
        Assert.Equal(0L, await CountAsync("v7_sync_audit"));
        _dart.StubUpdate(InDart("Blocked", 3));
        await DrainAsync();
        Assert.Equal("Blocked", Assert.Single(_dart.Bodies("PUT", $"/tasks/{Id}"))["item"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Persona_Moving_A_Cancelled_Task_To_Doing_Opens_Status_Conflict_And_The_Row_Stays_Cancelled()
    {
        // Arrange: cancelled by the conductor, and DART followed.
        await LinkedInProgressAsync();
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'cancelled' WHERE task_number = 3");
        _dart.StubUpdate(InDart("Canceled", 5, completedAt: T0.AddMinutes(5)));
        await DrainAsync();

        // Act: a persona moves it to Doing in DART.
        await WebhookAsync("task.status_updated", InDart("Doing", 10));

        // Assert: the row keeps the decision; the conductor is told, with both states.
        Assert.Equal("cancelled", await _db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = 'status_changed'"));
        Assert.Equal("cancelled|Doing|in_progress", await _db.ScalarAsync<string>("""
            SELECT concat_ws('|', detail->'facts'->>'conductorStatus', detail->'facts'->>'dartStatus', detail->'facts'->>'mappedStatus')
            FROM v7_open_findings WHERE rule = 'status_conflict'
            """));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = 'integrity_violation' AND detail->>'rule' = 'status_conflict'"));

        // And: once DART is back at the decision, the conflict resolves.
        await WebhookAsync("task.status_updated", InDart("Canceled", 15, completedAt: T0.AddMinutes(15)));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_open_findings WHERE rule = 'status_conflict'"));
        Assert.Equal("cancelled", await _db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks"));
    }

    [Fact]
    public async Task The_Conductor_Reopening_A_Conflicted_Task_Is_Pushed_And_Resolves_The_Conflict()
    {
        // Arrange: a conflict as above.
        await LinkedInProgressAsync();
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'cancelled' WHERE task_number = 3");
        _dart.StubUpdate(InDart("Canceled", 5, completedAt: T0.AddMinutes(5)));
        await DrainAsync();
        await WebhookAsync("task.status_updated", InDart("Doing", 10));
        _dart.Reset();

        // Act: the conductor decides to go on with it.
        await _db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET status = 'in_progress' WHERE task_number = 3");
        _dart.StubUpdate(InDart("Doing", 20));
        await DrainAsync();

        // Assert
        Assert.Equal("Doing", Assert.Single(_dart.Bodies("PUT", $"/tasks/{Id}"))["item"]!["status"]!.GetValue<string>());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_open_findings WHERE rule = 'status_conflict'"));
        Assert.Equal("in_progress", await _db.ScalarAsync<string>("SELECT status FROM v7_subworkflow_tasks"));
    }
}
