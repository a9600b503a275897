using System.CommandLine;
using System.Diagnostics;
using Npgsql;
using V7Sync.Analytics;
using V7Sync.Cli;

namespace V7Sync.Bench;

/// <summary>
/// `bench analytics`: the five analytics views, the Monte Carlo forecast and the HTML report over 100,000
/// tasks and 1,000,000 audit rows, twice (cold, then warm), each figure beside its target, after timing how long
/// migration 008's backfill takes to build the status log from that audit log. Needs an empty tracking database;
/// without a configured one it uses a throwaway private PostgreSQL.
/// </summary>
internal static class BenchAnalyticsCommand
{
    private static readonly TimeSpan ViewsTarget = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReportTarget = TimeSpan.FromSeconds(5);

    private static readonly string[] Runs = ["first run", "second run"];

    private static readonly string[] Views = ["v7_task_cycle_times", "v7_velocity_weekly", "v7_phase_burndown", "v7_phase_forecast", "v7_phase_risk"];

    public static Command Create()
    {
        var command = new Command("analytics", "Time the analytics views, the forecast and the report over 100,000 tasks and 1,000,000 audit rows.");
        command.SetAction((_, cancellationToken) => CliAction.RunAsync("bench analytics", async () =>
        {
            await using var host = await BenchHost.TryCreateAsync("bench analytics", new Dictionary<string, string?>(), cancellationToken);
            if (host is null)
            {
                return CliAction.DependencyError;
            }

            var app = host.App;
            var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
            if (!await host.HasNoWorkOrdersAsync(cancellationToken))
            {
                return CliAction.Fail("bench analytics", "the tracking database already has tasks; the benchmark needs an empty one",
                    CliAction.ConfigurationError);
            }

            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var load = Stopwatch.StartNew();
            await using (var command = dataSource.CreateCommand(BenchAnalyticsData.Load))
            {
                command.CommandTimeout = 600;
                command.Parameters.AddWithValue("now", now);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            var loaded = load.Elapsed;
            var backfill = Stopwatch.StartNew();
            long entries;
            await using (var command = dataSource.CreateCommand(BenchAnalyticsData.Backfill))
            {
                command.CommandTimeout = 600;
                entries = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            }

            var backfilled = backfill.Elapsed;
            await using (var vacuum = dataSource.CreateCommand(BenchAnalyticsData.Vacuum))
            {
                vacuum.CommandTimeout = 600;
                await vacuum.ExecuteNonQueryAsync(cancellationToken);
            }

            Console.WriteLine($"Loaded {BenchAnalyticsData.Tasks:N0} tasks and {BenchAnalyticsData.AuditRows:N0} audit rows in {loaded.TotalMilliseconds:N0} ms.");
            Console.WriteLine($"Status log built from them as migration 008 does: {entries:N0} entries in {backfilled.TotalMilliseconds:N0} ms.");
            Console.WriteLine($"{Environment.ProcessorCount} cores; the figures move with the machine's load average, printed with each run.");
            var report = Path.Combine(Path.GetTempPath(), $"v7sync-bench-report-{Environment.ProcessId}.html");
            foreach (var run in Runs)
            {
                Console.WriteLine();
                Console.WriteLine($"Analytics, {run} (load average {LoadAverage()}):");
                var views = TimeSpan.Zero;
                foreach (var view in Views)
                {
                    var (elapsed, rows) = await ReadViewAsync(dataSource, view, now, cancellationToken);
                    views += elapsed;
                    Console.WriteLine($"  {view,-28} {elapsed.TotalMilliseconds,8:F0} ms  {rows,9:N0} rows");
                }

                Console.WriteLine($"  {"all five views",-28} {views.TotalMilliseconds,8:F0} ms  target < {ViewsTarget.TotalSeconds:F0} s: {views / ViewsTarget:P0} of it");
                var forecast = await TimeForecastAsync(dataSource, now, cancellationToken);
                Console.WriteLine($"  {"forecast (Monte Carlo)",-28} {forecast.Total.TotalMilliseconds,8:F0} ms  (inputs {forecast.Inputs.TotalMilliseconds:F0} ms, 8 x 10,000 trials {forecast.Trials.TotalMilliseconds:F0} ms)");
                var written = await app.Services.GetRequiredService<ReportWriter>().WriteAsync(report, new ForecastSettings(Seed: 1), cancellationToken);
                var total = written.Read + written.Rendered;
                Console.WriteLine($"  {"report",-28} {total.TotalMilliseconds,8:F0} ms  (read {written.Read.TotalMilliseconds:F0} ms, render {written.Rendered.TotalMilliseconds:F0} ms, {written.Bytes:N0} bytes)  target < {ReportTarget.TotalSeconds:F0} s: {total / ReportTarget:P0} of it");
            }

            File.Delete(report);
            return CliAction.Ok;
        }));
        return command;
    }

    /// <summary>The 1, 5 and 15 minute load averages, where the system reports them (Linux); "unknown" elsewhere.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Every row of the view, read to the end, as the conductor's query or the report would.</summary>
    private static async Task<(TimeSpan Elapsed, long Rows)> ReadViewAsync(NpgsqlDataSource dataSource, string view, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var session = await AnalyticsSession.BeginAsync(connection, now, cancellationToken);
        var clock = Stopwatch.StartNew();
        await using var command = new NpgsqlCommand($"SELECT * FROM {view}", connection) { CommandTimeout = 600 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = 0L;
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync(cancellationToken))
        {
            reader.GetValues(values);
            rows++;
        }

        return (clock.Elapsed, rows);
    }

    private static async Task<(TimeSpan Total, TimeSpan Inputs, TimeSpan Trials)> TimeForecastAsync(NpgsqlDataSource dataSource, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var session = await AnalyticsSession.BeginAsync(connection, now, cancellationToken);
        var clock = Stopwatch.StartNew();
        var forecast = await Forecaster.ForecastAsync(connection, now, new ForecastSettings(Trials: 1, Seed: 1), cancellationToken);
        var inputs = clock.Elapsed;
        var trials = Stopwatch.StartNew();
        Forecaster.Run(forecast.Phases.Select(p => p.Subject).ToList(), forecast.Migration.Subject, now, new ForecastSettings(Seed: 1));
        return (inputs + trials.Elapsed, inputs, trials.Elapsed);
    }
}
