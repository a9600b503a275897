using System.Security.Cryptography;
using Npgsql;
using static System.FormattableString;

namespace V7Sync.Bench;

/// <summary>
/// `bench webhooks`: serves the real app on loopback, drives it from a separate load process, and reports
/// acknowledged events/s, acknowledgement latency, the lag until the tracking rows are updated, whether any event
/// was lost, and our throughput against a bare insert-only endpoint measured in the same run.
/// </summary>
/// <param name="app">The host (its database migrated), composed with <see cref="HostSettings"/> and not started yet.</param>
internal sealed class WebhookBenchmark(WebApplication app, WebhookBenchSettings settings, string secret, TextWriter output)
{
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>What the host must be composed with: the options, the endpoint table and Kestrel all read them.</summary>
    public static IReadOnlyDictionary<string, string?> HostSettings(string secret) => new Dictionary<string, string?>
    {
        ["Webhooks:Secret"] = secret,
        ["Webhooks:AllowUnsigned"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
        // No DART here: the poller stays off, and the reconciler's rare refetch on a tie fails at once.
        ["Dart:Token"] = "bench",
        ["Dart:BaseUrl"] = "http://127.0.0.1:9/api/v0/public",
        ["Dart:PollEnabled"] = "false",
        ["Dart:MaxRetries"] = "0",
        // Nor the scheduled jobs, nor pushing to DART (the outbox trigger still captures, as in production, but
        // the seeded work orders' outbox rows wait): the figures are the webhook path's alone.
        ["Jobs:Enabled"] = "false",
        ["Push:Enabled"] = "false",
    };

    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        PrepareHost();
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        await PrepareDatabaseAsync(dataSource, cancellationToken);
        await app.StartAsync(cancellationToken);
        try
        {
            var root = ListeningAddress();
            var bare = new Uri(root, BareInboxEndpoint.Path);
            var ours = new Uri(root, "/webhooks/dart");
            output.WriteLine($"Serving on {root}; {settings.Events} events over {settings.Tasks} tasks, {settings.Concurrency} in flight, " +
                $"load from a separate process, {Environment.ProcessorCount} cores, load average {ProcessCpu.LoadAverage()}");
            output.WriteLine(await DurabilitySettings.DescribeAsync(dataSource, cancellationToken));
            output.WriteLine(RuntimeDescription.Describe());
            // Both warm-ups, the bare run, the flat-out and the paced runs, at ~5 KiB an event at most.
            output.WriteLine(await WalFiles.PrepareAsync(dataSource, (2L * settings.WarmupEvents + 3L * settings.Events) * 5_300, cancellationToken));

            // Warm-up: JIT, connection pools and the reconciler's first use; a day older than the measured events.
            await LoadAsync(bare, settings.WarmupEvents, 0, BenchEvents.WarmupStart, cancellationToken);
            await LoadAsync(ours, settings.WarmupEvents, 0, BenchEvents.WarmupStart, cancellationToken);
            await WaitForInboxDrainedAsync(dataSource, cancellationToken);

            // As fast as each endpoint acknowledges: throughput, and ours against the bare insert.
            var bareRun = await LoadAsync(bare, settings.Events, 0, BenchEvents.MeasuredStart, cancellationToken);
            var flatOut = await MeasureAsync(dataSource, ours, 0, BenchEvents.MeasuredStart, cancellationToken);
            output.WriteLine(Row("bare insert endpoint", bareRun));
            var met = Report("POST /webhooks/dart, flat out", flatOut, bareRun);

            // At the target rate: latency and lag when the app is not saturated by the load itself.
            if (settings.PacedRate > 0)
            {
                var paced = await MeasureAsync(dataSource, ours, settings.PacedRate, BenchEvents.PacedStart, cancellationToken);
                met &= Report(Invariant($"POST /webhooks/dart, paced {settings.PacedRate}/s"), paced, bare: null);
            }

            return met;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private void PrepareHost()
    {
        // Before the host starts, so the endpoint table and Kestrel's addresses see them.
        BareInboxEndpoint.Map(app);
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
    }

    private async Task PrepareDatabaseAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        // The benchmark writes work orders and inbox rows: never into a database that holds anyone's data.
        if (await ScalarAsync<long>(dataSource, "SELECT (SELECT COUNT(*) FROM v7_subworkflow_tasks) + (SELECT COUNT(*) FROM dart_webhook_inbox)", cancellationToken) > 0)
        {
            throw new InvalidOperationException(
                "bench webhooks needs an empty tracking database; run it without ConnectionStrings__Tracking to use a throwaway one.");
        }

        await using var seed = dataSource.CreateCommand(
            """
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name)
            SELECT 1 + j % 7, 1 + j / 7, 'Bench task ' || j FROM generate_series(0, $1 - 1) AS j
            """);
        seed.Parameters.Add(new NpgsqlParameter<int> { TypedValue = settings.Tasks });
        await seed.ExecuteNonQueryAsync(cancellationToken);
        await using var bare = dataSource.CreateCommand(BareInboxEndpoint.CreateTable);
        await bare.ExecuteNonQueryAsync(cancellationToken);
    }

    private Uri ListeningAddress()
    {
        // Once started, the app's addresses are the ones Kestrel bound, with the port it was given for ":0".
        var address = app.Urls.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    private Task<LoadSummary> LoadAsync(Uri url, int events, double rate, DateTimeOffset start, CancellationToken cancellationToken) =>
        LoadProcess.RunAsync(url, secret, events, settings.Tasks, settings.Concurrency, rate, start, cancellationToken);

    /// <summary>One run of our endpoint, then what became of its events once the processor has drained the inbox.</summary>
    private async Task<(LoadSummary Load, BenchOutcome Outcome)> MeasureAsync(
        NpgsqlDataSource dataSource, Uri url, double rate, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var before = await ScalarAsync<long>(dataSource, "SELECT COALESCE(MAX(id), 0) FROM dart_webhook_inbox", cancellationToken);
        var load = await LoadAsync(url, settings.Events, rate, start, cancellationToken);
        await WaitForInboxDrainedAsync(dataSource, cancellationToken);
        return (load, await ReadOutcomeAsync(dataSource, before, start, cancellationToken));
    }

    private static async Task WaitForInboxDrainedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        while (await ScalarAsync<long>(dataSource, "SELECT COUNT(*) FROM dart_webhook_inbox WHERE status IN ('pending', 'processing')", timeout.Token) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
    }

    private async Task<BenchOutcome> ReadOutcomeAsync(NpgsqlDataSource dataSource, long after, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var lastStep = (settings.Events - 1) / settings.Tasks;
        // Lag: from received_at (stamped before the insert, so a little before the acknowledgement) to
        // processed_at (stamped after the reconciler committed the tracking rows): it can only overstate.
        await using var command = dataSource.CreateCommand(
            """
            SELECT
                COUNT(*) FILTER (WHERE status = 'processed'),
                COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM processed_at - received_at) * 1000), 0),
                COALESCE(percentile_cont(0.99) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM processed_at - received_at) * 1000), 0),
                COALESCE(COUNT(*) / NULLIF(EXTRACT(EPOCH FROM MAX(processed_at) - MIN(received_at)), 0), 0)::double precision,
                (SELECT COUNT(*) FROM v7_subworkflow_tasks
                 WHERE dart_status = $3
                   AND dart_updated_at = $2 + make_interval(secs => $4) + substring(dart_task_id FROM 6)::integer * interval '1 millisecond')
            FROM dart_webhook_inbox WHERE id > $1
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = start });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = BenchEvents.FinalStatus(settings.Events, settings.Tasks) });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lastStep });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new BenchOutcome(reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetInt64(4));
    }

    /// <summary>Prints one run and its targets; throughput and the ratio are judged only where the bare run is given.</summary>
    private bool Report(string name, (LoadSummary Load, BenchOutcome Outcome) run, LoadSummary? bare)
    {
        var (load, outcome) = run;
        var lost = settings.Events - outcome.Processed;
        output.WriteLine(Row(name, load));
        output.WriteLine(Invariant(
            $"  lag ack → tracking row updated: p50 {outcome.P50LagMs:0.0} ms, p99 {outcome.P99LagMs:0.0} ms (applied {outcome.AppliedPerSecond:0} events/s)"));
        output.WriteLine(Invariant($"  events processed {outcome.Processed}/{settings.Events}, lost {lost}; tasks in their final state {outcome.TasksFinal}/{settings.Tasks}"));
        var checks = new List<(string Name, bool Met)>
        {
            (Invariant($"p99 ack < {WebhookBenchTargets.P99AckMs:0} ms"), load.P99Ms < WebhookBenchTargets.P99AckMs),
            (Invariant($"p99 lag < {WebhookBenchTargets.P99LagMs:0} ms"), outcome.P99LagMs < WebhookBenchTargets.P99LagMs),
            ("no event lost", load.Failed == 0 && lost == 0 && outcome.TasksFinal == settings.Tasks),
        };
        if (bare is not null)
        {
            var ratio = load.PerSecond / bare.PerSecond;
            output.WriteLine(Invariant($"  throughput vs bare endpoint: {ratio:0.00}"));
            checks.Insert(0, (Invariant($"≥ {WebhookBenchTargets.EventsPerSecond:0} events/s"), load.PerSecond >= WebhookBenchTargets.EventsPerSecond));
            checks.Add((Invariant($"ratio ≥ {WebhookBenchTargets.BareRatio:0.0}"), ratio >= WebhookBenchTargets.BareRatio));
        }

        output.WriteLine("  targets: " + string.Join(", ", checks.Select(c => $"{c.Name} {(c.Met ? "met" : "MISSED")}")));
        return checks.All(c => c.Met);
    }

    private static string Row(string name, LoadSummary run) => Invariant(
        $"{name,-22} {run.PerSecond,8:0} events/s acknowledged ({run.Acknowledged}/{run.Sent} in {run.ElapsedSeconds:0.00} s), ack p50 {run.P50Ms:0.0} ms, p99 {run.P99Ms:0.0} ms, max {run.MaxMs:0.0} ms")
        + (run.Unanswered > 0 ? Invariant($"\n  {run.Unanswered} request(s) got no answer; the first: {run.FirstError}") : "");

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <param name="AppliedPerSecond">Events applied per second, from the first arrival to the last row processed.</param>
    private sealed record BenchOutcome(long Processed, double P50LagMs, double P99LagMs, double AppliedPerSecond, long TasksFinal);
}
