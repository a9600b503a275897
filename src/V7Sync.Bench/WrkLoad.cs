using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace V7Sync.Bench;

/// <summary>
/// Load from `wrk` (a separate C process, far cheaper per request than any server measured here) with
/// Scripts/signed-events.lua: each pre-signed event is sent once, 2 threads, a fixed number of connections. Returns
/// what wrk measured and the CPU wrk itself used, so the report can show the generator was not the bottleneck.
/// </summary>
internal static class WrkLoad
{
    public const string Executable = "/usr/bin/wrk";
    private const int Threads = 2;

    /// <param name="events">(signature, body) per event, in sending order.</param>
    public static async Task<WrkResult> RunAsync(
        Uri server, string path, string signatureHeader, IReadOnlyList<(string Signature, string Body)> events, int connections, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("v7sync-wrk-").FullName;
        try
        {
            var file = Path.Combine(folder, "events.tsv");
            await File.WriteAllLinesAsync(file, events.Select(e => e.Signature + "\t" + e.Body), cancellationToken);
            var donePrefix = Path.Combine(folder, "done-");
            var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "signed-events.lua");
            var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[]
            {
                "-t", Text(Threads), "-c", Text(Math.Max(connections, Threads)), "-d", "600s", "--timeout", "30s", "-s", script,
                server.GetLeftPart(UriPartial.Authority), "--", file, signatureHeader, path, Text(Threads), donePrefix,
            })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start wrk.");
            var cpuBefore = ProcessCpu.Sample(process.Id);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            // wrk runs until -d; once every thread has its answers, SIGINT makes it print its summary at once.
            while (Enumerable.Range(0, Threads).Any(t => !File.Exists(donePrefix + Text(t))) && !process.HasExited)
            {
                await Task.Delay(10, cancellationToken);
            }

            var cpuAfter = ProcessCpu.Sample(process.Id);
            if (!process.HasExited)
            {
                using var signal = Process.Start("kill", ["-INT", Text(process.Id)]);
                await signal.WaitForExitAsync(cancellationToken);
            }

            await process.WaitForExitAsync(cancellationToken);
            var lastLine = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
            if (lastLine is null)
            {
                throw new InvalidOperationException($"wrk printed no summary ({process.ExitCode}): {(await stderr).Trim()}");
            }

            var summary = JsonSerializer.Deserialize<WrkSummary>(lastLine, JsonSerializerOptions.Web)!;
            return new WrkResult(summary, ProcessCpu.Used(cpuBefore, cpuAfter));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What signed-events.lua printed: its own elapsed time (first request to last answer) and wrk's latency histogram.</summary>
internal sealed record WrkSummary(
    long ElapsedUs, long Requests, long Non2xx, long ConnectErrors, long ReadErrors, long WriteErrors, long Timeouts,
    long P50Us, long P99Us, long MaxUs, long Answered, long Acknowledged)
{
    public double ElapsedSeconds => ElapsedUs / 1e6;

    public double PerSecond => Acknowledged / ElapsedSeconds;

    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;
}

/// <param name="GeneratorCpuSeconds">CPU seconds wrk used while the events were in flight.</param>
internal sealed record WrkResult(WrkSummary Summary, double GeneratorCpuSeconds);
