using System.CommandLine;
using System.Diagnostics;
using Npgsql;
using V7Sync.Cli;
using V7Sync.Jobs.Integrity;
using V7Sync.Tracking;

namespace V7Sync.Bench;

/// <summary>
/// `bench integrity`: every integrity rule over 100,000 tasks and 50,000 file_audit rows, twice (the first run
/// opens the findings, the second is the steady state that refreshes them), with the time per rule, the total and the
/// statements sent. Needs an empty tracking database; without a configured one it uses a throwaway private PostgreSQL.
/// </summary>
internal static class BenchIntegrityCommand
{
    private static readonly string[] Runs = ["first run (opens the findings)", "second run (steady state: refreshes them)"];

    public static Command Create()
    {
        var command = new Command("integrity", "Time every integrity rule over 100,000 tasks and 50,000 file_audit rows.");
        command.SetAction((_, cancellationToken) => CliAction.RunAsync("bench integrity", async () =>
        {
            await using var host = await BenchHost.TryCreateAsync("bench integrity", new Dictionary<string, string?>(), cancellationToken);
            if (host is null)
            {
                return CliAction.DependencyError;
            }

            var app = host.App;
            var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
            if (!await host.HasNoWorkOrdersAsync(cancellationToken))
            {
                return CliAction.Fail("bench integrity", "the tracking database already has tasks; the benchmark needs an empty one",
                    CliAction.ConfigurationError);
            }

            var load = Stopwatch.StartNew();
            await using (var command = dataSource.CreateCommand(BenchIntegrityData.Load))
            {
                command.Parameters.AddWithValue("now", app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            Console.WriteLine($"Loaded {BenchIntegrityData.Tasks:N0} tasks (with dependencies) and {BenchIntegrityData.FileAuditRows:N0} file_audit rows in {load.ElapsedMilliseconds:N0} ms.");
            var runner = app.Services.GetRequiredService<IntegrityRunner>();
            foreach (var label in Runs)
            {
                using var statements = new StatementCounter();
                var report = await runner.RunAllAsync(AuditSources.Cli, cancellationToken);
                Print(label, report, statements.Count);
            }

            return CliAction.Ok;
        }));
        return command;
    }

    private static void Print(string label, IntegrityReport report, int statements)
    {
        Console.WriteLine();
        Console.WriteLine($"Integrity rules, {label}:");
        Console.WriteLine($"  {"rule",-36} {"ms",8} {"open",7} {"opened",7} {"resolved",8}");
        foreach (var rule in report.Rules)
        {
            Console.WriteLine($"  {rule.Rule,-36} {rule.Elapsed.TotalMilliseconds,8:F1} {rule.Open,7} {rule.Opened,7} {rule.Resolved,8}{(rule.Failed ? "  FAILED: " + rule.Error : "")}");
        }

        Console.WriteLine($"  {"total",-36} {report.Elapsed.TotalMilliseconds,8:F1} {report.Open,7} {report.Opened,7} {report.Resolved,8}");
        Console.WriteLine($"  queries issued: {report.Queries} (one statement per rule, and SET jit = off); Npgsql saw {statements} command(s)");
    }

    /// <summary>Counts the commands Npgsql executes (its own trace spans), as an independent check on the statement count.</summary>
    private sealed class StatementCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _count;

        public StatementCounter()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStarted = activity =>
                {
                    if (activity.Kind == ActivityKind.Client)
                    {
                        Interlocked.Increment(ref _count);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
