using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using V7Sync.Dart;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Sync;
using static V7Sync.IntegrationTests.Infrastructure.FakeDart;

namespace V7Sync.IntegrationTests.Sync;

/// <summary>
/// The real poller (the hosted DartPoller) in the running app. A FakeTimeProvider drives its PeriodicTimer, so each
/// next cycle runs exactly when the test advances the clock and the state between two cycles holds still.
/// </summary>
public sealed class DartPollerTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private const string PollerCategory = "V7Sync.Sync.DartPoller";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeDart _dart = new();
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly CollectingLoggerProvider _logs = new();
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await server.CreateDatabaseAsync();
        await _db.ExecuteAsync("""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name, responsible_persona)
            VALUES (1, 1, 'Work order 1', 'Layer 1 Data Sentinel')
            """);
    }

    public async Task DisposeAsync()
    {
        try
        {
            _dart.Dispose();
        }
        finally
        {
            await _db.DisposeAsync();
        }
    }

    private WebApplicationFactory<Program> StartPolling(V7SyncApp app, Action<IServiceCollection>? services = null)
    {
        var host = app.WithWebHostBuilder(b => b
            .ConfigureLogging(_logs.AddTo)
            .ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(_time);
                services?.Invoke(s);
            }));
        return host;
    }

    private Dictionary<string, string?> PollingSettings() => _dart.Settings(new()
    {
        ["Dart:PollEnabled"] = "true",
        ["Dart:PollInterval"] = Interval.ToString(),
    });

    [Fact]
    public async Task A_Rejected_Token_Degrades_Readiness_And_The_Poller_Recovers_On_A_Later_Cycle()
    {
        // Arrange: DART refuses the token once, then accepts it and lists one task.
        var task = NewTask("task00000001", "P1.T1 Work order 1", "Doing", new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), attachments: "https://files.example/1.pdf");
        _dart.StubList("""{"detail":"Invalid token."}""", status: 401, scenario: "auth", thenState: "fixed");
        _dart.StubList(Json(new DartPage<DartTask>(1, null, null, [Concise(task)])), scenario: "auth", whenState: "fixed");
        _dart.StubTask(task);
        await using var app = new V7SyncApp(_db.ConnectionString, PollingSettings());
        await using var host = StartPolling(app);

        // Act 1: starting the app runs the first cycle at once.
        using var client = V7SyncApp.CreateManagementClient(host);
        await WaitFor.ConditionAsync(async () => await _db.ScalarAsync<string>("SELECT last_error FROM dart_sync_state") is not null,
            Patience, "the rejected cycle to be recorded");

        // Assert 1: degraded while rejected, the 401 not retried, and no success recorded.
        Assert.Equal("Degraded", await client.GetStringAsync(new Uri("/healthz/ready", UriKind.Relative)));
        Assert.Equal(1, _dart.Requests("/tasks/list"));
        Assert.Null(await _db.ScalarAsync<DateTime?>("SELECT last_success_at FROM dart_sync_state"));

        // Act 2: the next tick.
        _time.Advance(Interval);
        await WaitFor.ConditionAsync(async () => await _db.ScalarAsync<DateTime?>("SELECT last_success_at FROM dart_sync_state") is not null,
            Patience, "a later cycle to succeed");

        // Assert 2: the poller kept running, the cycle applied the task and moved the watermark, readiness is back.
        Assert.Equal(task.UpdatedAt!.Value.UtcDateTime, await _db.ScalarAsync<DateTime?>("SELECT watermark FROM dart_sync_state"));
        Assert.Null(await _db.ScalarAsync<string>("SELECT last_error FROM dart_sync_state"));
        Assert.Equal("task00000001", await _db.ScalarAsync<string>("SELECT dart_task_id FROM v7_subworkflow_tasks WHERE task_number = 1"));
        Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/healthz/ready", UriKind.Relative)));
        var rejected = Assert.Single(_logs.Where(PollerCategory, 2001));
        Assert.Contains("DART rejected the API token (HTTP 401)", rejected.Message, StringComparison.Ordinal);
        Assert.Single(_logs.Entries, e => e.Category == "V7Sync.Sync.DartSync" && e.EventId.Id == 2006); // "accepts the token again"
    }

    [Fact]
    public async Task A_Cycle_That_Fails_With_An_Unexpected_Exception_Is_Logged_And_Polling_Goes_On()
    {
        // Arrange: a sync whose first cycle throws what no DART or database failure is.
        var sync = new FailOnceSync();
        await using var app = new V7SyncApp(_db.ConnectionString, PollingSettings());
        await using var host = StartPolling(app, s => s.AddScoped<IDartSync>(_ => sync));

        // Act
        using var client = V7SyncApp.CreateManagementClient(host);
        await WaitFor.ConditionAsync(() => Task.FromResult(sync.Calls == 1 && _logs.Where(PollerCategory, 2007).Count == 1),
            Patience, "the first cycle to fail and be logged");
        _time.Advance(Interval);
        await WaitFor.ConditionAsync(() => Task.FromResult(sync.Calls == 2), Patience, "the next cycle");

        // Assert: the host did not stop; the failure was logged once, as an error, with its stack trace.
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        var failed = Assert.Single(_logs.Where(PollerCategory, 2007));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, failed.Level);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Contains("InvalidOperationException: a bug", failed.Message, StringComparison.Ordinal);
        Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/healthz/ready", UriKind.Relative)));
    }

    /// <summary>Throws on its first cycle, succeeds on every later one.</summary>
    private sealed class FailOnceSync : IDartSync
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<SyncReport> RunAsync(SyncMode mode, string source, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new InvalidOperationException("a bug")
                : Task.FromResult(new SyncReport(mode, 0, 0, 0, ReconcileSummary.Empty, null, 0));
    }
}
