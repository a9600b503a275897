using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Webhooks;
using V7Sync.Operations;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Operations;

/// <summary>What an operator scrapes at /metrics on the management port, by the names README lists.</summary>
/// <remarks>
/// Serial: the gauges live on V7Sync's one Meter, once per process, and report the host that started last; beside
/// other tests' hosts the scrape would show their figures (names are all this class reads from a scrape).
/// </remarks>
[Collection(SerialCollection.Name)]
public sealed partial class MetricsTests(PostgresServer server)
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_Scrape_Names_Every_Gauge_And_Histogram_README_Lists_And_The_Npgsql_Runtime_And_AspNetCore_Meters()
    {
        // Arrange: a webhook delivered and applied, and one DART call, so every histogram has a point.
        await using var db = await server.CreateDatabaseAsync();
        await db.SeedWorkOrderAsync(1, 3);
        await db.ExecuteAsync("INSERT INTO dart_sync_state (stream, watermark, last_success_at) VALUES ('poll', now() - interval '1 hour', now())");
        using var dart = new FakeDart();
        dart.StubTask(NewTask("metricsMETRI", "P1.T3 Enums", "Doing", At));
        await using var app = new V7SyncApp(db.ConnectionString, WebhookTestSettings.Fast(
            ("Dart:BaseUrl", dart.BaseUrl), ("Dart:Token", Token)));
        using var client = app.CreateClient();
        using (await client.PostAsync(DartWebhooks.TaskEvent("task.updated", "metricsMETRI", "P1.T3 Enums", "Doing", At)))
        {
        }

        await db.WaitForInboxDrainedAsync();
        await app.Services.GetRequiredService<IDartApi>().GetTaskAsync("metricsMETRI", CancellationToken.None);
        using var management = app.CreateManagementClient();

        // Act
        var scrape = await management.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        using var onWebhookPort = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        // Assert
        var names = MetricName().Matches(scrape).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        string[] expected =
        [
            "v7sync_inbox_pending", "v7sync_inbox_dead", "v7sync_outbox_pending", "v7sync_outbox_dead",
            "v7sync_poll_last_success_age_seconds", "v7sync_watermark_lag_seconds", "v7sync_open_findings", "v7sync_ready",
            "v7sync_dart_request_duration_seconds_bucket", "v7sync_webhook_ack_duration_seconds_bucket", "v7sync_apply_lag_seconds_bucket",
            "v7sync_webhooks_received_total", "v7sync_sync_superseded_total",
            "db_client_connection_count", "dotnet_gc_collections_total", "http_server_request_duration_seconds_bucket",
        ];
        Assert.All(expected, name => Assert.True(names.Contains(name), $"{name} is not in the scrape:\n{scrape}"));
        Assert.Matches(@"v7sync_open_findings\{[^}]*rule=""dart_task_unreadable""[^}]*\} 0", scrape);
        Assert.Matches(@"v7sync_dart_request_duration_seconds_count\{[^}]*operation=""GetTask""[^}]*outcome=""ok""", scrape);
        Assert.Matches(@"v7sync_webhook_ack_duration_seconds_bucket\{[^}]*le=""0.25""", scrape); // buckets in seconds
        Assert.Equal(System.Net.HttpStatusCode.NotFound, onWebhookPort.StatusCode);
    }

    [Fact]
    public async Task The_Figures_Are_Read_From_The_Database()
    {
        // Arrange: two deliveries waiting, one dead, three pushes waiting, one dead, two open findings of one rule, and a watermark.
        // The waiting rows fall due in an hour, so the app's own processors leave them where they are while it reads.
        await using var db = await server.CreateDatabaseAsync();
        // The two waiting ones are due in an hour (retries waiting): the app's own inbox processor, started with it,
        // would otherwise claim them (their '{}' bodies go dead) before the snapshot is read.
        await db.ExecuteAsync("""
            INSERT INTO dart_webhook_inbox (event_type, body_sha256, raw_body, status, next_attempt_at) VALUES
                ('task.updated', 'a', '\x7b7d', 'pending', now() + interval '1 hour'), ('task.updated', 'b', '\x7b7d', 'processing', now() + interval '1 hour'),
                ('task.updated', 'c', '\x7b7d', 'dead', now()), ('task.updated', 'd', '\x7b7d', 'processed', now());
            INSERT INTO v7_sync_findings (rule, subject, message) VALUES ('status_conflict', 'x', 'm'), ('status_conflict', 'y', 'm');
            INSERT INTO dart_sync_state (stream, watermark, last_success_at) VALUES ('poll', now() - interval '1 hour', now() - interval '30 seconds');
            INSERT INTO dart_outbox (task_id, kind, status, next_attempt_at) VALUES (1, 'create', 'pending', now() + interval '1 hour'),
                (2, 'create', 'processing', now() + interval '1 hour'), (3, 'update', 'pending', now() + interval '1 hour'),
                (4, 'create', 'dead', now()), (5, 'update', 'done', now());
            """);
        await using var app = new V7SyncApp(db.ConnectionString);
        var snapshot = app.Services.GetRequiredService<OperationsSnapshot>();

        // Act
        var before = await snapshot.ReadAsync(CancellationToken.None);

        // Assert
        Assert.True(before.Reachable);
        Assert.True(before.Ready);
        Assert.Equal((2L, 1L, 3L, 1L), (before.InboxPending, before.InboxDead, before.OutboxPending, before.OutboxDead));
        Assert.Equal(2L, before.OpenFindings["status_conflict"]);
        Assert.Equal(0L, before.OpenFindings["dart_task_unreadable"]);
        Assert.NotNull(before.Watermark);
        Assert.NotNull(before.LastPollSuccess);
    }

    [GeneratedRegex(@"^([a-z_0-9]+)[{ ]", RegexOptions.Multiline)]
    private static partial Regex MetricName();
}
