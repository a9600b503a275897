using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using DartSigner = V7Sync.Sandbox.WebhookSignature;
using static System.FormattableString;

namespace V7Sync.Bench;

/// <summary>
/// `bench webhooks --vs-peer`: V7Sync, stripe-sync-engine (the peer) and the single-INSERT Kestrel baseline, each
/// its own server on the same durable PostgreSQL, loaded in turn by wrk with the same number of signed events over
/// the same number of entities, alternating the order over several runs; prints each run, min/median/max per side
/// and the ratios the issue's targets are stated in.
/// </summary>
/// <param name="walDetail">After each measured run, print this many of its WAL's largest writers (0: none).</param>
/// <param name="statementDetail">After each measured run, print this many of its costliest statements (0: none).</param>
internal sealed class WebhookPeerComparison(
    BenchHost host, WebhookBenchSettings settings, int runs, string secret, TextWriter output, int walDetail = 0, int statementDetail = 0)
{
    private const string Ours = "V7Sync", Peer = "stripe-sync-engine", Bare = "bare INSERT";

    // Peer events' `created` seconds: each run a block later than the one before, so each run's events are newer;
    // the warm-up's a day earlier, like V7Sync's (BenchEvents.WarmupStart).
    private const long PeerEpoch = 1_767_225_600, PeerWarmupEpoch = PeerEpoch - 86_400;

    // Tiered compilation re-JITs the hot code well after the first thousands of events; a replica that has run for a
    // while has done it. Warm-up blocks go on until one JITs fewer methods than this (or the blocks run out).
    private const int SettledJitMethods = 100, MaxWarmupBlocks = 12;

    private readonly PeerComparisonFigures _figures = new(Ours, Peer, Bare);
    private bool _statementsTracked;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var app = host.App;
        if (statementDetail > 0)
        {
            _statementsTracked = await host.TryEnableStatementStatisticsAsync(cancellationToken);
            output.WriteLine(_statementsTracked
                ? "Statements: pg_stat_statements loaded (track = all), reset before each run"
                : StatementUsage.NotAvailable);
        }

        BareInboxEndpoint.Map(app);
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync(cancellationToken);
        try
        {
            var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
            await SeedWorkOrdersAsync(dataSource, cancellationToken);
            var connectionString = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            output.WriteLine(await DurabilitySettings.DescribeAsync(dataSource, cancellationToken));
            output.WriteLine(RuntimeDescription.Describe());
            await using var peer = await StripeSyncPeer.StartAsync(
                $"postgresql://{connectionString.Username}@{connectionString.Host}:{connectionString.Port}/{connectionString.Database}", secret, settings.Concurrency, cancellationToken);
            await using var bare = await BareEndpointProcess.StartAsync(dataSource.ConnectionString, cancellationToken);
            var ours = new Uri(app.Urls.First().TrimEnd('/') + "/");
            output.WriteLine(Invariant($"{settings.Events:N0} signed events over {settings.Tasks:N0} entities per run, {settings.Concurrency} connections, wrk 2 threads; {runs} runs, order alternating; warm-up in blocks of {settings.WarmupEvents:N0} events"));
            output.WriteLine(Invariant($"Processes: V7Sync {Environment.ProcessId} (this one), {Peer} node {peer.ProcessId}, {Bare} {bare.ProcessId}, postgres {host.PostgresProcessId?.ToString(CultureInfo.InvariantCulture) ?? "(not ours: CPU not shown)"}"));

            // What the warm-up blocks and the runs will write, all three sides (V7Sync ~4 KiB an event, the others under 1).
            output.WriteLine(await WalFiles.PrepareAsync(dataSource, ((long)settings.Events * runs + (long)settings.WarmupEvents * MaxWarmupBlocks) * 5_300, cancellationToken));
            await WarmUpAsync(ours, peer, bare, dataSource, cancellationToken);
            for (var run = 1; run <= runs; run++)
            {
                output.WriteLine(Invariant($"Run {run} (load average {ProcessCpu.LoadAverage()}):"));
                var sides = new List<Func<Task>>
                {
                    () => MeasureAsync(Ours, ours, Environment.ProcessId, BenchEvents.MeasuredStart.AddDays(run), dataSource, settings.Events, cancellationToken),
                    () => MeasurePeerAsync(peer, PeerEpoch + (run * 1_000L), dataSource, settings.Events, cancellationToken),
                    () => MeasureBareAsync(bare, dataSource, settings.Events, cancellationToken),
                };
                if (run % 2 == 0)
                {
                    sides.Reverse();
                }

                foreach (var side in sides)
                {
                    await side();
                }
            }

            _figures.Print(output, runs);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Warm-up blocks for each side in turn, each newer than the last, until V7Sync's JITs fewer than
    /// <see cref="SettledJitMethods"/> methods while it is loaded (the window a measured run reports); every side gets
    /// the same load.
    /// </summary>
    private async Task WarmUpAsync(Uri ours, ChildServer peer, ChildServer bare, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var jitted = new List<InProcessCost>();
        var secondsPerBlock = (settings.WarmupEvents / settings.Tasks) + 1;
        do
        {
            // In turn, as the measured runs go: the JIT's tier-1 backlog is worked off while the others are loaded.
            var block = jitted.Count;
            jitted.Add(await MeasureAsync(Ours, ours, Environment.ProcessId, BenchEvents.WarmupStart.AddHours(block), dataSource, settings.WarmupEvents, cancellationToken, print: false));
            await MeasurePeerAsync(peer, PeerWarmupEpoch + (block * secondsPerBlock), dataSource, settings.WarmupEvents, cancellationToken, print: false);
            await MeasureBareAsync(bare, dataSource, settings.WarmupEvents, cancellationToken, print: false);
        }
        while (jitted.Count < MaxWarmupBlocks && jitted[^1].MethodsJitted >= SettledJitMethods);

        output.WriteLine(Invariant($"Warm-up: {jitted.Count} block(s) a side; V7Sync's JIT per block, methods (ms): ")
            + string.Join(", ", jitted.Select(j => Invariant($"{j.MethodsJitted} ({j.JitMilliseconds:0})")))
            + (jitted[^1].MethodsJitted < SettledJitMethods ? Invariant($" (settled: under {SettledJitMethods})") : " (not settled: the first run still pays for the JIT)"));
    }

    private async Task SeedWorkOrdersAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!await host.HasNoWorkOrdersAsync(cancellationToken))
        {
            throw new InvalidOperationException("bench webhooks needs an empty tracking database; run it without ConnectionStrings__Tracking to use a throwaway one.");
        }

        await using var seed = dataSource.CreateCommand(
            "INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name) SELECT 1 + j % 7, 1 + j / 7, 'Bench task ' || j FROM generate_series(0, $1 - 1) AS j");
        seed.Parameters.Add(new NpgsqlParameter<int> { TypedValue = settings.Tasks });
        await seed.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task<InProcessCost> MeasureAsync(string side, Uri server, int pid, DateTimeOffset start, NpgsqlDataSource dataSource, int events, CancellationToken cancellationToken, bool print = true)
    {
        var bodies = Enumerable.Range(0, events).Select(n => BenchEvents.Event(n, settings.Tasks, start)).ToList();
        var signed = bodies.Select(b => (DartSigner.Compute(secret, b), Encoding.UTF8.GetString(b))).ToList();
        var lastStep = (events - 1) / settings.Tasks;
        var finalStatus = BenchEvents.FinalStatus(events, settings.Tasks);
        return LoadAsync(side, server, "/webhooks/dart", global::V7Sync.Webhooks.WebhookSignature.HeaderName, signed, pid, print, async token =>
        {
            await using var command = dataSource.CreateCommand(
                """
                SELECT COUNT(*) FROM v7_subworkflow_tasks
                WHERE dart_status = $1 AND dart_updated_at = $2 + make_interval(secs => $3) + substring(dart_task_id FROM 6)::integer * interval '1 millisecond'
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = finalStatus });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = start });
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lastStep });
            return (long)(await command.ExecuteScalarAsync(token))! == settings.Tasks;
        }, cancellationToken);
    }

    private Task<InProcessCost> MeasurePeerAsync(ChildServer peer, long created, NpgsqlDataSource dataSource, int events, CancellationToken cancellationToken, bool print = true)
    {
        // stripe-node accepts a signature up to 5 minutes old: sign just before the run.
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var signed = Enumerable.Range(0, events).Select(n => PeerEvents.Event(n, settings.Tasks, created)).Select(b => (PeerEvents.Sign(secret, b, timestamp), b)).ToList();
        var lastStep = (events - 1) / settings.Tasks;
        return LoadAsync(Peer, peer.Address, PeerEvents.Path, PeerEvents.SignatureHeader, signed, peer.ProcessId, print, async token =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT COUNT(*) FROM stripe.customers WHERE name = 'Bench customer ' || substring(id FROM 10)::integer || ' step ' || $1");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = lastStep.ToString(CultureInfo.InvariantCulture) });
            return (long)(await command.ExecuteScalarAsync(token))! == settings.Tasks;
        }, cancellationToken);
    }

    private Task<InProcessCost> MeasureBareAsync(ChildServer bare, NpgsqlDataSource dataSource, int events, CancellationToken cancellationToken, bool print = true)
    {
        // Its "applied" is its acknowledgement: the row is in when it answers.
        var signed = Enumerable.Range(0, events).Select(n => BenchEvents.Event(n, settings.Tasks, BenchEvents.MeasuredStart))
            .Select(b => (DartSigner.Compute(secret, b), Encoding.UTF8.GetString(b))).ToList();
        return LoadAsync(Bare, bare.Address, BareInboxEndpoint.Path, global::V7Sync.Webhooks.WebhookSignature.HeaderName, signed, bare.ProcessId, print, applied: null, cancellationToken);
    }

    /// <summary>One load by wrk, then the wait until it is applied; what the load's window cost this process (JIT, GC).</summary>
    private async Task<InProcessCost> LoadAsync(
        string side, Uri server, string path, string header, List<(string, string)> signed, int serverPid, bool print,
        Func<CancellationToken, Task<bool>>? applied, CancellationToken cancellationToken)
    {
        var dataSource = host.App.Services.GetRequiredService<NpgsqlDataSource>();
        var wal = await WalUsage.StartAsync(dataSource, cancellationToken);
        var walFiles = await WalFiles.CountAsync(dataSource, cancellationToken);
        var statements = _statementsTracked && print ? await StatementUsage.StartAsync(dataSource, cancellationToken) : null;
        var cpu = CpuShares.Start(("server", serverPid, false), ("postgres", host.PostgresProcessId, true));
        var inProcess = InProcessCost.Start();
        var started = Stopwatch.GetTimestamp();
        var wrk = await WrkLoad.RunAsync(server, path, header, signed, settings.Concurrency, cancellationToken);
        var used = cpu.Used();
        var machineBusy = cpu.MachineBusy();
        var cost = inProcess.Stop();
        var appUsed = used["server"];
        var pgUsed = used.GetValueOrDefault("postgres", double.NaN);
        double appliedSeconds;
        if (applied is null)
        {
            appliedSeconds = wrk.Summary.ElapsedSeconds;
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(5));
            while (!await applied(timeout.Token))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            }

            appliedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        // Once every event is applied: what storing and applying them wrote, the processor's work included.
        var walBytes = await wal.StopAsync(cancellationToken);
        var newWalFiles = await WalFiles.CountAsync(dataSource, cancellationToken) - walFiles;

        if (!print)
        {
            return cost;
        }

        var s = wrk.Summary;
        var elapsed = s.ElapsedSeconds;
        var figures = new RunFigures(s.PerSecond, s.P99Us / 1000.0, signed.Count / appliedSeconds, walBytes / signed.Count / 1024);
        _figures.Add(side, figures);
        output.WriteLine(Invariant(
            $"  {side,-19} {figures.AckPerSecond,7:0} ack/s ({s.Acknowledged}/{signed.Count} in {elapsed:0.00} s), p50 {s.P50Us / 1000.0:0.0} ms, p99 {figures.P99Ms:0.0} ms, max {s.MaxUs / 1000.0:0.0} ms; applied {figures.AppliedPerSecond:0}/s; WAL {figures.WalKiBPerEvent:0.00} KiB/event; CPU: server {CpuShares.Percent(appUsed, elapsed)}, postgres {CpuShares.Percent(pgUsed, elapsed)}, wrk {CpuShares.Percent(wrk.GeneratorCpuSeconds, elapsed)}; {machineBusy}")
            + (newWalFiles > 0 ? Invariant($"; {newWalFiles} new WAL file(s) zero-filled meanwhile") : "")
            + (s.SocketErrors > 0 ? Invariant($"; {s.SocketErrors} socket error(s)") : ""));
        if (statements is not null)
        {
            // Before the WAL's breakdown, whose own reading of the WAL is a statement too.
            await statements.PrintAsync(output, statementDetail, signed.Count, "event", cancellationToken);
        }

        await PrintWalSharesAsync(wal, signed.Count, cancellationToken);
        if (serverPid == Environment.ProcessId)
        {
            // V7Sync runs in this process: what the run cost it beyond CPU time (the acknowledgements only; the processor catches up after).
            output.WriteLine(Invariant($"    {side} in-process: {cost.AllocatedBytes / (double)signed.Count / 1024:0.0} KiB allocated per event, GC {cost.Gen0}/{cost.Gen1}/{cost.Gen2} (gen0/1/2) pausing it {cost.GcPauseMilliseconds:0} ms, JIT {cost.JitMilliseconds:0} ms ({cost.MethodsJitted} methods)"));
        }

        if (s.Acknowledged != signed.Count)
        {
            output.WriteLine(Invariant($"  {side}: {signed.Count - s.Acknowledged} event(s) NOT acknowledged"));
        }

        return cost;
    }

    private async Task PrintWalSharesAsync(WalUsage wal, int events, CancellationToken cancellationToken)
    {
        if (walDetail == 0)
        {
            return;
        }

        try
        {
            foreach (var share in await wal.TopSharesAsync(walDetail, cancellationToken))
            {
                output.WriteLine($"    WAL {share.Describe(events)}");
            }
        }
        catch (PostgresException ex)
        {
            // A server we did not start may lack the extension or the right to read its WAL: the rest still counts.
            output.WriteLine($"    WAL by relation: not available ({ex.MessageText})");
        }
    }
}
