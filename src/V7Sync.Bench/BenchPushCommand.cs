using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using V7Sync.Cli;
using V7Sync.Dart;
using V7Sync.Sandbox;

namespace V7Sync.Bench;

/// <summary>
/// `bench push`: 1,000 work orders inserted in one statement, pushed to the in-process DART sandbox by the running
/// V7Sync (the outbox processor woken by the commit, Push:Concurrency workers, each create preceded by DART's title
/// search), against a plain loop of the same POSTs through the same DART client to the same sandbox at the same
/// concurrency. Prints both rates, their ratio, and the lag from the INSERT's commit to each dart_task_id stored.
/// </summary>
internal static class BenchPushCommand
{
    public static Command Create()
    {
        var orders = new Option<int>("--orders") { Description = "Work orders inserted in one statement.", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Push:Concurrency, and the plain loop's POSTs in flight.", DefaultValueFactory = _ => 4 };
        var command = new Command("push", "Time 1,000 work orders reaching DART against a plain loop of the same POSTs.") { orders, concurrency };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("bench push", () =>
            RunAsync(parseResult.GetValue(orders), parseResult.GetValue(concurrency), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(int orders, int concurrency, CancellationToken cancellationToken)
    {
        await using var pushed = await DartSandbox.StartAsync(cancellationToken: cancellationToken);
        await using var host = await BenchHost.TryCreateAsync("bench push", new Dictionary<string, string?>
        {
            ["Dart:BaseUrl"] = pushed.BaseUrl.ToString(),
            ["Dart:Token"] = pushed.Token,
            ["Dart:PollEnabled"] = "false",
            ["Jobs:Enabled"] = "false",
            ["Webhooks:Secret"] = "bench-push",
            ["Push:Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
        }, cancellationToken);
        if (host is null)
        {
            return CliAction.DependencyError;
        }

        if (!await host.HasNoWorkOrdersAsync(cancellationToken))
        {
            return CliAction.Fail("bench push", "the tracking database already has tasks; the benchmark needs an empty one", CliAction.ConfigurationError);
        }

        var app = host.App;
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        Console.WriteLine($"{orders:N0} work orders, {concurrency} in flight, {Environment.ProcessorCount} cores; DART: the in-process sandbox, no webhooks");

        // The plain loop first (after a warm-up), through the app's own DART client: serialiser, auth, resilience pipeline.
        var dart = app.Services.GetRequiredService<IDartApi>();
        await PlainLoopAsync(dart, 100, concurrency, cancellationToken);
        var baseline = await PlainLoopAsync(dart, orders, concurrency, cancellationToken);
        var plainCreates = pushed.Creates.Count;
        pushed.Requests.Reset();
        Console.WriteLine($"Plain loop of POST /tasks: {orders:N0} tasks in {baseline.TotalSeconds:N2} s = {orders / baseline.TotalSeconds:N0} tasks/s");

        await app.StartAsync(cancellationToken);
        var committed = await InsertAsync(dataSource, orders, cancellationToken);
        var lags = await WaitForDartTasksAsync(dataSource, orders, committed, cancellationToken);
        var elapsed = lags[^1];
        Console.WriteLine($"V7Sync's push: {pushed.Creates.Count - plainCreates:N0} tasks created ({pushed.Requests.Count("GET /tasks/list"):N0} title searches, "
            + $"{pushed.Requests.Count("POST /tasks"):N0} POSTs) in {elapsed.TotalSeconds:N2} s = {orders / elapsed.TotalSeconds:N0} tasks/s");
        Console.WriteLine($"Ratio to the plain loop: {baseline.TotalSeconds / elapsed.TotalSeconds:N2} (target ≥ 0.8)");
        Console.WriteLine($"Lag from the INSERT's commit to dart_task_id stored: p50 {Percentile(lags, 0.50).TotalMilliseconds:N0} ms, "
            + $"p99 {Percentile(lags, 0.99).TotalMilliseconds:N0} ms, max {elapsed.TotalMilliseconds:N0} ms");
        await app.StopAsync(cancellationToken);
        return CliAction.Ok;
    }

    /// <summary>
    /// The create bodies the push sends (a title and a status), <paramref name="concurrency"/> at a time, through the
    /// app's own DART client. Their titles carry no work-order key, so the push's title searches do not find them.
    /// </summary>
    private static async Task<TimeSpan> PlainLoopAsync(IDartApi dart, int orders, int concurrency, CancellationToken cancellationToken)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var n = Interlocked.Increment(ref next); n < orders; n = Interlocked.Increment(ref next))
            {
                var body = new DartTaskWrite { Title = $"Plain loop bench work order {n}", Status = "To-do" };
                await dart.CreateTaskAsync(new DartItem<DartTaskWrite>(body), cancellationToken);
            }
        }));
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>One INSERT of every work order (one statement, one commit); returns when it is committed.</summary>
    private static async Task<DateTimeOffset> InsertAsync(NpgsqlDataSource dataSource, int orders, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name)
            SELECT 1 + (n % 7), 1 + (n / 7), 'Bench work order ' || n FROM generate_series(0, {orders - 1}) AS n
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return TimeProvider.System.GetUtcNow();
    }

    /// <summary>Each work order's lag, sorted: from the commit to its dart_task_created (written in the transaction that stores the id).</summary>
    private static async Task<List<TimeSpan>> WaitForDartTasksAsync(NpgsqlDataSource dataSource, int orders, DateTimeOffset committed,
        CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 600;
        while (await ScalarAsync(dataSource, "SELECT COUNT(*) FROM v7_subworkflow_tasks WHERE dart_task_id IS NOT NULL", cancellationToken) < orders)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("the push did not finish in 10 minutes");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken);
        }

        await using var command = dataSource.CreateCommand("SELECT occurred_at FROM v7_sync_audit WHERE action = 'dart_task_created' ORDER BY occurred_at");
        var lags = new List<TimeSpan>(orders);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lags.Add(reader.GetFieldValue<DateTimeOffset>(0) - committed);
        }

        return lags;
    }

    private static TimeSpan Percentile(List<TimeSpan> sorted, double share) => sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
