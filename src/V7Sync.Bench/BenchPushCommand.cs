using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
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
        var batch = new Option<int?>("--batch-size") { Description = "Push:BatchSize (default: the product's)." };
        var retriesOnly = new Option<bool>("--search-retries-only") { Description = "Push:SearchBeforeCreate=Retries (default: Always)." };
        var runs = new Option<int>("--runs") { Description = "Alternating pairs of runs (plain loop, then the push).", DefaultValueFactory = _ => 3 };
        var latency = new Option<int>("--dart-latency")
        {
            Description = "Milliseconds the sandbox waits before serving each request (a DART across the internet; 0: loopback, CPU-bound).",
            DefaultValueFactory = _ => 0,
        };
        var warmUp = new Option<int>("--warmup") { Description = "Unmeasured pairs first, so both sides run JIT-compiled code.", DefaultValueFactory = _ => 2 };
        var command = new Command("push", "Time 1,000 work orders reaching DART against a plain loop of the same POSTs.")
        {
            orders, concurrency, batch, retriesOnly, runs, latency, warmUp,
        };
        command.SetAction((parseResult, cancellationToken) => CliAction.RunAsync("bench push", () => RunAsync(parseResult.GetValue(orders),
            parseResult.GetValue(concurrency), parseResult.GetValue(batch), parseResult.GetValue(retriesOnly), Math.Max(1, parseResult.GetValue(runs)),
            TimeSpan.FromMilliseconds(Math.Max(0, parseResult.GetValue(latency))), Math.Max(0, parseResult.GetValue(warmUp)), cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(int orders, int concurrency, int? batchSize, bool retriesOnly, int runs, TimeSpan latency, int warmUp,
        CancellationToken cancellationToken)
    {
        await using var pushed = await DartSandbox.StartAsync(new DartSandboxOptions { Latency = latency }, cancellationToken);
        var settings = new Dictionary<string, string?>
        {
            ["Dart:BaseUrl"] = pushed.BaseUrl.ToString(),
            ["Dart:Token"] = pushed.Token,
            ["Dart:PollEnabled"] = "false",
            ["Jobs:Enabled"] = "false",
            ["Webhooks:Secret"] = "bench-push",
            ["Push:Concurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Push:SearchBeforeCreate"] = retriesOnly ? "Retries" : "Always",
        };
        if (batchSize is { } size)
        {
            settings["Push:BatchSize"] = size.ToString(CultureInfo.InvariantCulture);
        }

        await using var host = await BenchHost.TryCreateAsync("bench push", settings, cancellationToken);
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
        Console.WriteLine($"{orders:N0} work orders, {concurrency} in flight, batches of {batchSize?.ToString(CultureInfo.InvariantCulture) ?? "Push:BatchSize"}, "
            + $"title search before {(retriesOnly ? "a retried create only" : "every create")}, "
            + $"{Environment.ProcessorCount} cores; DART: the in-process sandbox, no webhooks, "
            + (latency > TimeSpan.Zero ? $"{latency.TotalMilliseconds:N0} ms before each answer" : "on loopback (no latency: CPU-bound)"));
        Console.WriteLine(await DurabilitySettings.DescribeAsync(dataSource, cancellationToken));
        Console.WriteLine(RuntimeDescription.Describe());

        // The plain loops first (after a warm-up), in the running app (its processor idle: no work order yet), through the
        // app's own DART client: serialiser, auth, resilience pipeline, telemetry.
        await app.StartAsync(cancellationToken);
        var dart = app.Services.GetRequiredService<IDartApi>();
        await PlainLoopAsync(dart, 100, concurrency, cancellationToken);
        var searched = await PlainLoopAsync(dart, orders, concurrency, cancellationToken, search: true);
        Console.WriteLine($"Plain loop of the push's own requests (a title search, then POST /tasks), once: {orders / searched.TotalSeconds:N0} tasks/s "
            + "(the bound of a push that searches before every create, one search each)");
        Trash(pushed, 0);

        // Alternating: the plain loop, then the push, each on a DART that holds only trashed tasks of the runs before; the
        // warm-up pairs (run ≤ 0) are not counted: the push's per-batch code runs a dozen times a pair, and tiered
        // compilation re-JITs a method only after 30 calls, so a first pair measures the JIT as much as the push.
        var plain = new List<double>();
        var ours = new List<double>();
        for (var run = 1 - warmUp; run <= runs; run++)
        {
            var created = pushed.Creates.Count;
            var jitted = JitInfo.GetCompiledMethodCount();
            var jitTime = JitInfo.GetCompilationTime();
            var cpu = CpuSample(host);
            var baseline = await PlainLoopAsync(dart, orders, concurrency, cancellationToken);
            var plainCpu = CpuUsed(host, cpu);
            Trash(pushed, created);
            created = pushed.Creates.Count;
            pushed.Requests.Reset();
            var firstTask = (run + warmUp) * RunKeyStride;
            cpu = CpuSample(host);
            var committed = await InsertAsync(dataSource, orders, firstTask, cancellationToken);
            var lags = await WaitForDartTasksAsync(dataSource, orders, firstTask, committed, cancellationToken);
            var pushCpu = CpuUsed(host, cpu);
            var elapsed = lags[^1];
            Trash(pushed, created);
            if (run <= 0)
            {
                Console.WriteLine($"Warm-up pair {run + warmUp} of {warmUp}: plain loop {orders / baseline.TotalSeconds:N0} tasks/s, push {orders / elapsed.TotalSeconds:N0} tasks/s");
                continue;
            }

            plain.Add(orders / baseline.TotalSeconds);
            ours.Add(orders / elapsed.TotalSeconds);
            Console.WriteLine($"Run {run} (load average {ProcessCpu.LoadAverage()}): plain loop of POST /tasks {plain[^1]:N0} tasks/s; "
                + $"V7Sync's push {ours[^1]:N0} tasks/s ({pushed.Requests.Count("GET /tasks/list"):N0} title searches, {pushed.Requests.Count("POST /tasks"):N0} POSTs), "
                + $"ratio {ours[^1] / plain[^1]:N2}; lag from the INSERT's commit to dart_task_id stored: p50 {Percentile(lags, 0.50).TotalMilliseconds:N0} ms, "
                + $"p99 {Percentile(lags, 0.99).TotalMilliseconds:N0} ms; CPU s (this process with the sandbox / PostgreSQL): plain loop "
                + $"{plainCpu.App:N2} / {plainCpu.Postgres:N2}, push {pushCpu.App:N2} / {pushCpu.Postgres:N2}; the JIT meanwhile: "
                + $"{JitInfo.GetCompiledMethodCount() - jitted:N0} methods, {(JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds:N0} ms");
        }

        var ratios = ours.Zip(plain, (a, b) => a / b).ToList();
        Console.WriteLine($"Plain loop tasks/s min/median/max: {MinMedianMax.Format(plain, "N0")}; V7Sync's push: {MinMedianMax.Format(ours, "N0")}");
        Console.WriteLine($"Ratio push ÷ plain loop, per run, min/median/max: {MinMedianMax.Format(ratios, "N2")} (target ≥ 0.8)");
        await app.StopAsync(cancellationToken);
        return CliAction.Ok;
    }

    /// <summary>
    /// The create bodies the push sends (a title and a status), <paramref name="concurrency"/> at a time, through the
    /// app's own DART client. Their titles carry no work-order key, so the push's title searches do not find them.
    /// </summary>
    /// <param name="search">Each POST preceded by the title search the push makes (for a key DART does not have).</param>
    private static async Task<TimeSpan> PlainLoopAsync(IDartApi dart, int orders, int concurrency, CancellationToken cancellationToken, bool search = false)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            for (var n = Interlocked.Increment(ref next); n < orders; n = Interlocked.Increment(ref next))
            {
                if (search)
                {
                    await dart.ListTasksAsync(new DartTaskQuery
                    {
                        Title = $"P{1 + (n % 7)}.T{1 + (n / 7)}", InTrash = "false", Limit = 100, Offset = 0,
                    }, cancellationToken);
                }

                var body = new DartTaskWrite { Title = $"Plain loop bench work order {n}", Status = "To-do" };
                await dart.CreateTaskAsync(new DartItem<DartTaskWrite>(body), cancellationToken);
            }
        }));
        return Stopwatch.GetElapsedTime(started);
    }

    private static (Dictionary<int, double> App, Dictionary<int, double> Postgres) CpuSample(BenchHost host) =>
        (ProcessCpu.Sample(Environment.ProcessId), host.PostgresProcessId is { } pg ? ProcessCpu.Sample(pg, withChildren: true) : []);

    private static (double App, double Postgres) CpuUsed(BenchHost host, (Dictionary<int, double> App, Dictionary<int, double> Postgres) before)
    {
        var after = CpuSample(host);
        return (ProcessCpu.Used(before.App, after.App), ProcessCpu.Used(before.Postgres, after.Postgres));
    }

    // Each run's work orders get task numbers of their own (run × stride + n / 7), so no run's keys meet another's.
    private const int RunKeyStride = 10_000;

    /// <summary>The DART tasks created since <paramref name="since"/> go to the trash: the push's title searches skip them (in_trash=false).</summary>
    private static void Trash(DartSandbox dart, int since)
    {
        foreach (var id in dart.Creates.Ids.Skip(since))
        {
            dart.Store.Delete(id, notify: false);
        }
    }

    /// <summary>One INSERT of every work order (one statement, one commit); returns when it is committed.</summary>
    private static async Task<DateTimeOffset> InsertAsync(NpgsqlDataSource dataSource, int orders, int firstTask, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name)
            SELECT 1 + (n % 7), {firstTask} + (n / 7), 'Bench work order ' || n FROM generate_series(0, {orders - 1}) AS n
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return TimeProvider.System.GetUtcNow();
    }

    /// <summary>Each work order's lag, sorted: from the commit to its dart_task_created (written in the transaction that stores the id).</summary>
    private static async Task<List<TimeSpan>> WaitForDartTasksAsync(NpgsqlDataSource dataSource, int orders, int firstTask, DateTimeOffset committed,
        CancellationToken cancellationToken)
    {
        var range = $"t.task_number BETWEEN {firstTask} AND {firstTask + RunKeyStride - 1}";
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 600;
        while (await ScalarAsync(dataSource, $"SELECT COUNT(*) FROM v7_subworkflow_tasks t WHERE t.dart_task_id IS NOT NULL AND {range}",
            cancellationToken) < orders)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("the push did not finish in 10 minutes");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken);
        }

        await using var command = dataSource.CreateCommand($"""
            SELECT a.occurred_at FROM v7_sync_audit a JOIN v7_subworkflow_tasks t ON t.id = a.task_id
            WHERE a.action = 'dart_task_created' AND {range} ORDER BY a.occurred_at
            """);
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
