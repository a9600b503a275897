using System.Diagnostics;
using System.Text.RegularExpressions;
using V7Sync.IntegrationTests.Cli;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Demo;

/// <summary>One demo per folder, and a demo that stops when asked, even after its database died.</summary>
public sealed partial class DemoLockTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_Second_Demo_On_The_Same_Folder_Refuses_And_The_First_Still_Stops_Within_Five_Seconds_After_Its_Database_Died(string signal)
    {
        // Arrange: a demo on its own private PostgreSQL, in a folder of its own.
        var folder = Directory.CreateTempSubdirectory("v7sync-demo-lock-").FullName;
        try
        {
            using var first = RunningV7Sync.Start(["--pace", "5"], [], workingDirectory: folder, dll: RepositoryPaths.DemoDll);
            await first.WaitForLineAsync(l => l.Contains("Following the sync audit log", StringComparison.Ordinal), TimeSpan.FromSeconds(120), "the demo's banner");
            var data = DataDirectory().Match(first.Text).Groups[1].Value;

            // Act 1: a second demo in the same folder.
            var second = await V7SyncProcess.RunAsync(["--pace", "5"], [], dll: RepositoryPaths.DemoDll, workingDirectory: folder, timeout: TimeSpan.FromSeconds(60));

            // Assert 1: refused, naming the first; the first and its database untouched.
            Assert.Equal(2, second.ExitCode);
            Assert.Contains($"a demo is already running, pid {first.ProcessId}", second.Stderr, StringComparison.Ordinal);
            Assert.False(first.HasExited, first.Text);
            Assert.Equal(0, await PgCtlAsync("status", data));

            // Act 2: the first demo's database dies, then the demo is asked to stop.
            Assert.Equal(0, await PgCtlAsync("stop", data, "-m", "immediate"));
            var asked = Stopwatch.StartNew();
            try
            {
                await first.StopAsync(signal, TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"still running 10 s after SIG{signal}:\n{first.Text}");
            }


            // Assert 2
            Assert.True(asked.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {asked.Elapsed}:\n{first.Text}");
            Assert.False(File.Exists(Path.Combine(folder, ".v7sync", "demo.lock")), "the lock is released");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>pg_ctl on the demo's cluster, as its owner (the postgres OS user when the tests run as root).</summary>
    private static async Task<int> PgCtlAsync(string command, string dataDirectory, params string[] more)
    {
        var pgCtl = Path.Combine(Environment.GetEnvironmentVariable("V7SYNC_PG_BIN")
            ?? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")).First(), "pg_ctl");
        var start = Environment.IsPrivilegedProcess ? new ProcessStartInfo("runuser") { ArgumentList = { "-u", "postgres", "--", pgCtl } } : new ProcessStartInfo(pgCtl);
        foreach (var arg in new[] { "-D", dataDirectory, command }.Concat(more).Concat(command == "stop" ? ["-w"] : []))
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    [GeneratedRegex(@"Private PostgreSQL \S+ on 127\.0\.0\.1:\d+ \(data in ([^)]+)\)")]
    private static partial Regex DataDirectory();
}
