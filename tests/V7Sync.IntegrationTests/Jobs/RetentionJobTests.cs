using System.Net;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Webhooks;
using V7Sync.Jobs;

namespace V7Sync.IntegrationTests.Jobs;

/// <summary>RetentionJob keeps the database from growing for ever, and keeps what must stay: hashes, dead rows, the audit log.</summary>
public sealed class RetentionJobTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Old_Finished_Inbox_Rows_Lose_Their_Body_But_Keep_Their_Hash_So_A_Replay_Is_Still_Recognised()
    {
        // Arrange: an old processed delivery, a recent one, and an old dead one.
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast());
        using var client = app.CreateClient();
        var old = DartWebhooks.TaskEvent("task.updated", "retainRETAIN", "P1.T3 Enums", "Doing", At);
        using (await client.PostAsync(old))
        {
        }

        await db.WaitForInboxDrainedAsync();
        await db.ExecuteAsync("UPDATE dart_webhook_inbox SET received_at = now() - interval '31 days', processed_at = now() - interval '31 days'");
        using (await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "retainRETAIN", "P1.T3 Enums", "Done", At.AddMinutes(1))))
        {
        }

        await db.WaitForInboxDrainedAsync();
        await db.ExecuteAsync("""
            INSERT INTO dart_webhook_inbox (event_type, body_sha256, raw_body, status, received_at, processed_at, last_error)
            VALUES ('task.updated', 'dead-hash', '\x7b7d', 'dead', now() - interval '90 days', now() - interval '90 days', 'unreadable')
            """);

        // Act
        await using var scope = app.Services.CreateAsyncScope();
        var (bodies, auditRows) = await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);
        using var replayed = await client.PostAsync(old);

        // Assert
        Assert.Equal((1L, 0L), (bodies, auditRows));
        var rows = await db.RowsAsync("SELECT status, raw_body IS NULL, body_sha256 IS NOT NULL FROM dart_webhook_inbox ORDER BY id");
        Assert.Equal(new object?[] { "processed", true, true }, rows[0]);
        Assert.Equal(new object?[] { "processed", false, true }, rows[1]);
        Assert.Equal(new object?[] { "dead", false, true }, rows[2]);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM dart_webhook_inbox")); // recognised: stored once
    }

    [Theory]
    [InlineData(null, 2L)] // the default, 0: the audit log is the conductor's memory
    [InlineData("30", 1L)]
    public async Task Audit_Rows_Are_Kept_For_Ever_Unless_Retention_AuditDays_Is_Set(string? auditDays, long kept)
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await db.ExecuteAsync("""
            INSERT INTO v7_sync_audit (occurred_at, source, action) VALUES (now() - interval '100 days', 'poll', 'status_changed'),
                                                                            (now(), 'poll', 'status_changed')
            """);
        await using var app = new V7SyncApp(db.ConnectionString, auditDays is null ? null : new Dictionary<string, string?> { ["Retention:AuditDays"] = auditDays });

        // Act
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);

        // Assert
        Assert.Equal(kept, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit"));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE occurred_at > now() - interval '1 day'"));
    }
}
