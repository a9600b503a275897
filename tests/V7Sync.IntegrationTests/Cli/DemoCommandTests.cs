using System.Collections.Concurrent;
using System.Diagnostics;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>`v7sync demo` end to end: the real executable, the in-process DART sandbox, the full worker.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DemoCommandTests(PostgresServer server)
{
    [Fact]
    public async Task Demo_Audits_Status_Changes_And_Deliverables_Within_60_Seconds_And_Stops_Cleanly()
    {
        // Arrange: an empty database (the demo migrates it) named by ConnectionStrings__Tracking.
        await using var db = await server.CreateDatabaseAsync(migrated: false);
        var output = new ConcurrentQueue<string>();
        using var demo = Start(["demo", "--pace", "0.5"], db.ConnectionString, output);
        try
        {
            // Act
            await WaitFor.ConditionAsync(async () =>
                ExitedEarly(demo, output) || (await CountAsync(db, "status_changed") > 0 && await CountAsync(db, "deliverable_added") > 0),
                TimeSpan.FromSeconds(60));
            await WaitFor.ConditionAsync(() => Task.FromResult(output.Any(l => l.Contains("deliverable_added", StringComparison.Ordinal))), TimeSpan.FromSeconds(10));
            Signal(demo, "TERM"); // what Ctrl-C and `docker stop` both do: ask the host to stop
            using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await demo.WaitForExitAsync(exited.Token);

            // Assert
            var text = string.Join('\n', output);
            Assert.True(demo.ExitCode == 0, text);
            Assert.Matches(@"V7Sync  \d\d:\d\d:\d\d  (poll|webhook)\s+status_changed\s+P\d\.T\d", text);
            Assert.Matches(@"V7Sync  \d\d:\d\d:\d\d  (poll|webhook)\s+deliverable_added\s+P\d\.T\d.*https://app\.dartai\.com/o/", text);
            Assert.Contains("DART    ", text, StringComparison.Ordinal);
            Assert.Contains("V7Sync demo stopped cleanly.", text, StringComparison.Ordinal);
            Assert.Equal(20, await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_subworkflow_tasks"));
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Fails at once, with the demo's output, when it ends before it was asked to.</summary>
    private static bool ExitedEarly(Process demo, ConcurrentQueue<string> output) =>
        demo.HasExited ? throw new InvalidOperationException($"The demo exited with {demo.ExitCode}:\n{string.Join('\n', output)}") : false;

    private static async Task<long> CountAsync(TestDatabase db, string action)
    {
        try
        {
            return await db.ScalarAsync<long>("SELECT COUNT(*) FROM v7_sync_audit WHERE action = $1", action);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            return 0; // the demo has not migrated the empty database yet
        }
    }

    private static Process Start(IEnumerable<string> args, string connectionString, ConcurrentQueue<string> output)
    {
        var start = V7SyncProcess.StartInfo(args, new() { ["ConnectionStrings__Tracking"] = connectionString });
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue("stderr: " + e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
    }
}
