using System.CommandLine;
using System.Diagnostics;
using Npgsql;
using V7Sync.Cli;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Bench;

/// <summary>
/// `bench sync`: a first full sync of 10,000 DART tasks (100 pages of 100, two attachments each) from the DART
/// sandbox, in its own process with no added latency, then an incremental cycle with no changes. Prints tasks/s beside
/// the pure-fetch client's, V7Sync's peak RSS, and what the quiet cycle cost in HTTP requests and database writes.
/// </summary>
internal static class BenchSyncCommand
{
    private const int SettledJitMethods = 100, MaxWarmupPasses = 6;

    public static Command Create()
    {
        var statements = new Option<int>("--statements")
        {
            Description = "After the measured full sync, the N statements that took most of PostgreSQL's time (pg_stat_statements, loaded into the bench's own cluster)",
        };
        var allocations = new Option<int>("--allocations")
        {
            Description = "For the measured full sync, the N types V7Sync's process allocated most bytes of (the runtime's allocation sample)",
        };
        var command = new Command("sync", "Time a first full sync of 10,000 DART tasks and a quiet incremental cycle.") { statements, allocations };
        command.SetAction((parse, cancellationToken) => CliAction.RunAsync("bench sync", async () =>
        {
            var statementDetail = parse.GetValue(statements);
            var allocationDetail = parse.GetValue(allocations);
            if (statementDetail < 0 || allocationDetail < 0)
            {
                return CliAction.Fail("bench sync", $"{(statementDetail < 0 ? "--statements" : "--allocations")} must not be negative", CliAction.ConfigurationError);
            }

            // The sandbox runs as its own process: the peak RSS below is then V7Sync's own, not its 10,000 tasks' too.
            await using var sandbox = await SyncSandboxProcess.StartAsync(cancellationToken);
            await using var host = await BenchHost.TryCreateAsync("bench sync", new Dictionary<string, string?>
            {
                ["Dart:BaseUrl"] = sandbox.BaseUrl.ToString(),
                ["Dart:Token"] = SyncSandboxProcess.Token,
                ["Dart:PageSize"] = "100",
            }, cancellationToken);
            if (host is null)
            {
                return CliAction.DependencyError;
            }

            var app = host.App;
            var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
            if (!await host.HasNoWorkOrdersAsync(cancellationToken))
            {
                return CliAction.Fail("bench sync", "the tracking database already has tasks; the benchmark needs an empty one", CliAction.ConfigurationError);
            }

            var statementsTracked = statementDetail > 0 && await host.TryEnableStatementStatisticsAsync(cancellationToken);
            if (statementDetail > 0 && !statementsTracked)
            {
                Console.WriteLine(StatementUsage.NotAvailable);
            }

            await LoadWorkOrdersAsync(dataSource, cancellationToken);

            Console.WriteLine(await DurabilitySettings.DescribeAsync(dataSource, cancellationToken));
            Console.WriteLine(RuntimeDescription.Describe());
            // The cold sync, up to six warm-ups and the measured one, at ~2.7 KiB a task; the quiet cycle writes nothing.
            Console.WriteLine(await WalFiles.PrepareAsync(dataSource, (2L + MaxWarmupPasses) * SyncWorkspace.Tasks * 3_000, cancellationToken));
            // The warm baseline right before and right after V7Sync's measured full sync, so the ratio is taken against a
            // neighbour on each side in time (the sandbox it reads is as warm as V7Sync by then).
            var baseline = new List<double>();
            var sameRequests = new List<double>();
            async Task PureFetchAsync()
            {
                var fetchCpu = CpuShares.Start(("the sandbox (server and client)", sandbox.ProcessId, false));
                var (fetched, took) = await sandbox.PureFetchAsync(comments: false, cancellationToken);
                var fetchShares = fetchCpu.Stop();
                baseline.Add(fetched / took.TotalSeconds);
                var (alike, alikeTook) = await sandbox.PureFetchAsync(comments: true, cancellationToken);
                sameRequests.Add(alike / alikeTook.TotalSeconds);
                Console.WriteLine($"Pure-fetch client (plain HttpClient, {PureFetchClient.Concurrency} in flight, no database): {fetched:N0} tasks in {took.TotalSeconds:N2} s "
                    + $"= {fetched / took.TotalSeconds:N0} tasks/s; with each task's comment list as well (V7Sync's requests): {alikeTook.TotalSeconds:N2} s "
                    + $"= {alike / alikeTook.TotalSeconds:N0} tasks/s; run from the sandbox's process (CPU without the comment lists: {fetchShares}; load average {ProcessCpu.LoadAverage()})");
            }

            // Its first pass is cold (JIT, connections): kept for V7Sync's cold first sync, then it runs warm.
            var (coldFetched, coldTook) = await sandbox.PureFetchAsync(comments: false, cancellationToken);
            var coldBaseline = coldFetched / coldTook.TotalSeconds;
            Console.WriteLine($"Pure-fetch client, cold: {coldFetched:N0} tasks in {coldTook.TotalSeconds:N2} s = {coldBaseline:N0} tasks/s");
            await sandbox.ResetRequestsAsync(cancellationToken);
            var probe = InProcessCost.Start();
            var full = await TimeAsync(app, SyncMode.Full, cancellationToken);
            var cost = probe.Stop();
            var cold = full.Report.TasksSeen / full.Elapsed.TotalSeconds;
            Console.WriteLine($"First full sync, cold process: {full.Report.TasksSeen:N0} tasks in {full.Elapsed.TotalSeconds:N2} s = {cold:N0} tasks/s; "
                + $"{full.Report.Timings}; JIT {cost.JitMilliseconds:N0} ms ({cost.MethodsJitted:N0} methods); ratio to the cold pure-fetch pass {cold / coldBaseline:N2}");

            // The same first sync again in this process, warm as a replica that has run for a while (its nightly full
            // resync, a database restored empty): the tracking data reset, the work orders loaded again. Tiered
            // compilation re-JITs the hot code for a pass or two more; such a replica has done that, so passes run
            // until one JITs fewer than SettledJitMethods methods, and the pass after is the one measured.
            var warmups = new List<string>();
            InProcessCost settling;
            do
            {
                await LoadWorkOrdersAsync(dataSource, cancellationToken, reset: true);
                probe = InProcessCost.Start();
                var pass = await TimeAsync(app, SyncMode.Full, cancellationToken);
                settling = probe.Stop();
                warmups.Add($"{pass.Report.TasksSeen / pass.Elapsed.TotalSeconds:N0} tasks/s, JIT {settling.MethodsJitted:N0} methods ({settling.JitMilliseconds:N0} ms)");
            }
            while (settling.MethodsJitted >= SettledJitMethods && warmups.Count < MaxWarmupPasses);

            Console.WriteLine($"Warm-up full syncs until the JIT settled (under {SettledJitMethods} methods a pass, {MaxWarmupPasses} at most): {string.Join("; ", warmups)}");
            await LoadWorkOrdersAsync(dataSource, cancellationToken, reset: true);
            await PureFetchAsync();
            await sandbox.ResetRequestsAsync(cancellationToken);
            probe = InProcessCost.Start();
            var wal = await WalUsage.StartAsync(dataSource, cancellationToken);
            var usage = statementsTracked ? await StatementUsage.StartAsync(dataSource, cancellationToken) : null;
            using var sampler = allocationDetail > 0 ? new AllocationSampler() : null;
            sampler?.Start();
            var shares = CpuShares.Start(("V7Sync", Environment.ProcessId, false), ("the sandbox", sandbox.ProcessId, false), ("PostgreSQL", host.PostgresProcessId, true));
            full = await TimeAsync(app, SyncMode.Full, cancellationToken);
            var syncShares = shares.Stop();
            sampler?.Stop();
            var sampled = sampler?.Top(allocationDetail);
            var walBytes = await wal.StopAsync(cancellationToken);
            cost = probe.Stop();
            Console.WriteLine($"First full sync, warm process (JIT settled): {full.Report.TasksSeen:N0} tasks, {full.Report.ListRequests} list requests, "
                + $"{full.Report.TasksFetched:N0} task fetches, {full.Report.Reconciled.AuditRows:N0} audit rows "
                + $"({walBytes / Math.Max(1, full.Report.TasksSeen) / 1024:N1} KiB of WAL per task) in {full.Elapsed.TotalSeconds:N2} s "
                + $"= {full.Report.TasksSeen / full.Elapsed.TotalSeconds:N0} tasks/s (target ≥ 2,000); {full.Report.Timings}; "
                + $"then {full.Report.Deliverables?.CommentRequests:N0} comment list request(s) for the open linked tasks (the comment repair)");
            Console.WriteLine($"CPU during that sync: {syncShares}");
            if (sampled is not null)
            {
                Console.WriteLine($"Types V7Sync's process allocated most of in that sync (share of the runtime's allocation sample; the sampler's own events add CPU): "
                    + string.Join(", ", sampled.Select(type => $"{type.Type} {type.Share:P1}")));
            }
            if (usage is not null)
            {
                Console.WriteLine("PostgreSQL's time in that sync (pg_stat_statements):");
                await usage.PrintAsync(Console.Out, statementDetail, full.Report.TasksSeen, "task", cancellationToken);
            }

            Console.WriteLine($"Peak RSS of V7Sync's process (the sandbox runs in its own): {Environment.WorkingSet / 1048576.0:N0} MB now, "
                + $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB peak (target < 150 MB); the sandbox's own peak "
                + $"{sandbox.PeakRssMegabytes():N0} MB; load average {ProcessCpu.LoadAverage()}");
            Console.WriteLine($"Full sync in-process cost (V7Sync's process): CPU {cost.CpuMilliseconds:N0} ms ({cost.CpuMilliseconds * 1000 / SyncWorkspace.Tasks:N0} µs per task), {cost.AllocatedBytes / 1048576.0:N0} MB allocated ({cost.AllocatedBytes / (double)SyncWorkspace.Tasks / 1024:N1} KiB per task), "
                + $"GC {cost.Gen0}/{cost.Gen1}/{cost.Gen2} (gen0/1/2) pausing it {cost.GcPauseMilliseconds:N0} ms, JIT {cost.JitMilliseconds:N0} ms ({cost.MethodsJitted:N0} methods)");
            await PureFetchAsync();
            var ours = full.Report.TasksSeen / full.Elapsed.TotalSeconds;
            Console.WriteLine($"Ratio full sync ÷ pure-fetch client: {ours / baseline.Max():N2} – {ours / baseline.Min():N2} (warm against the warm baseline before and after; target ≥ 0.5)");
            // Two views of the same run, for reference: the same requests on both sides, and the task walk on its own.
            var walk = full.Report.TasksSeen / full.Report.Timings!.Walk.TotalSeconds;
            Console.WriteLine($"Ratio full sync ÷ pure-fetch client with the comment lists (the same requests on both sides): {ours / sameRequests.Max():N2} – {ours / sameRequests.Min():N2}; "
                + $"the task walk alone (the sync without its deliverables, {walk:N0} tasks/s) ÷ pure-fetch client: {walk / baseline.Max():N2} – {walk / baseline.Min():N2}");

            await sandbox.ResetRequestsAsync(cancellationToken);
            var audit = await ScalarAsync(dataSource, "SELECT COUNT(*) FROM v7_sync_audit", cancellationToken);
            var xid = await ScalarAsync(dataSource, "SELECT pg_current_xact_id()::text::bigint", cancellationToken);
            var quiet = await TimeAsync(app, SyncMode.Incremental, cancellationToken);
            var requests = await sandbox.RequestsAsync(cancellationToken);
            // Each pg_current_xact_id() call takes one id; any write in between would have taken more.
            var writeTransactions = await ScalarAsync(dataSource, "SELECT pg_current_xact_id()::text::bigint", cancellationToken) - xid - 1;
            Console.WriteLine($"Incremental cycle with no changes: {requests.Values.Sum()} HTTP request(s) "
                + $"({string.Join(", ", requests.Select(r => $"{r.Key} × {r.Value}"))}), "
                + $"{quiet.Report.TasksSeen} task(s) re-read through the overlap, {quiet.Report.TasksFetched} fetched, "
                + $"{await ScalarAsync(dataSource, "SELECT COUNT(*) FROM v7_sync_audit", cancellationToken) - audit} audit row(s), "
                + $"{writeTransactions} write transaction(s), {quiet.Elapsed.TotalMilliseconds:N0} ms (target: 1 request per list, the tasks' and the report folder's, 0 writes)");
            return CliAction.Ok;
        }));
        return command;
    }

    private static async Task<(SyncReport Report, TimeSpan Elapsed)> TimeAsync(WebApplication app, SyncMode mode, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var started = Stopwatch.GetTimestamp();
        var report = await scope.ServiceProvider.GetRequiredService<IDartSync>().RunAsync(mode, AuditSources.Resync, cancellationToken);
        return (report, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The bench's 10,000 work orders, none linked; <paramref name="reset"/> first empties what a sync writes.</summary>
    private static async Task LoadWorkOrdersAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken, bool reset = false)
    {
        if (reset)
        {
            // The status log goes with the work orders (their TRUNCATE trigger).
            await ExecuteAsync(dataSource, """
                TRUNCATE v7_subworkflow_tasks, v7_sync_audit, v7_sync_findings, dart_sync_state, dart_outbox,
                    dart_report_folders, dart_report_docs, dart_pending_comment_links CASCADE
                """, cancellationToken);
        }

        await ExecuteAsync(dataSource, $"""
            INSERT INTO v7_subworkflow_tasks (parent_phase, task_number, task_name)
            SELECT 1 + (i % 7), 1 + (i / 7), 'Bench work order ' || i FROM generate_series(0, {SyncWorkspace.Tasks - 1}) AS i
            """, cancellationToken);
        // A database that has been in use has statistics (autovacuum analyzes a table within a minute of a bulk load);
        // one loaded a moment ago has none, and PostgreSQL would plan every lookup of the sync as a sequential scan
        // (the outbox too: the INSERT queued a create for each work order, and each page asks what is pending).
        await ExecuteAsync(dataSource, "ANALYZE v7_subworkflow_tasks, dart_outbox", cancellationToken);
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
