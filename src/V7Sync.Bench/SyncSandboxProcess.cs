using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using V7Sync.Sandbox;

namespace V7Sync.Bench;

/// <summary>
/// The DART sandbox of `bench sync` as its own process (`bench sync-sandbox`, hidden), so the peak RSS the bench
/// reports is V7Sync's and not the sandbox's 10,000 tasks too. It seeds the workspace (<see cref="SyncWorkspace"/>),
/// prints "listening BASEURL" and then answers one line per command on stdin: "reset" (the request counters),
/// "requests" (the counters as JSON) and "fetch" (runs the <see cref="PureFetchClient"/> baseline from this process,
/// so V7Sync's process holds nothing but V7Sync; answers "TASKS SECONDS"; "fetch comments" lists every task's comments
/// too). It exits when stdin closes.
/// </summary>
internal sealed class SyncSandboxProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SyncSandboxProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int ProcessId => _process.Id;

    public static string Token => SandboxDefaults.Token;

    public static Command Create()
    {
        var command = new Command("sync-sandbox", "Serve bench sync's seeded DART sandbox (started by bench sync).") { Hidden = true };
        command.SetAction(async (_, cancellationToken) =>
        {
            var clock = new SyncWorkspace.SteppedClock(TimeProvider.System.GetUtcNow().AddDays(-10));
            await using var sandbox = await DartSandbox.StartAsync(new DartSandboxOptions { TimeProvider = clock }, cancellationToken);
            SyncWorkspace.Seed(sandbox.Store, clock);
            Console.WriteLine($"listening {sandbox.BaseUrl}");
            while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
            {
                Console.WriteLine(line.Trim() switch
                {
                    "reset" => Reset(sandbox.Requests),
                    "requests" => JsonSerializer.Serialize(sandbox.Requests.Snapshot()),
                    "fetch" => await FetchAsync(sandbox.BaseUrl, comments: false, cancellationToken),
                    "fetch comments" => await FetchAsync(sandbox.BaseUrl, comments: true, cancellationToken),
                    _ => "unknown command",
                });
            }

            return 0;
        });
        return command;
    }

    public static async Task<SyncSandboxProcess> StartAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet V7Sync.Bench.dll` the process is the dotnet host, which needs the assembly; the apphost does not.
        if (Path.GetFileNameWithoutExtension(info.FileName) == "dotnet")
        {
            info.ArgumentList.Add(typeof(SyncSandboxProcess).Assembly.Location);
        }

        info.ArgumentList.Add("sync-sandbox");
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the sandbox process.");
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"The sandbox process did not start: {line}");
        }

        return new SyncSandboxProcess(process, new Uri(line["listening ".Length..]));
    }

    /// <summary>The pure-fetch baseline, run in the sandbox's process against the sandbox; <paramref name="comments"/>: with every task's comment list.</summary>
    public async Task<(int Tasks, TimeSpan Elapsed)> PureFetchAsync(bool comments, CancellationToken cancellationToken)
    {
        var answer = (await AskAsync(comments ? "fetch comments" : "fetch", cancellationToken)).Split(' ');
        return (int.Parse(answer[0], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(double.Parse(answer[1], CultureInfo.InvariantCulture)));
    }

    public async Task ResetRequestsAsync(CancellationToken cancellationToken) => await AskAsync("reset", cancellationToken);

    public async Task<IReadOnlyDictionary<string, int>> RequestsAsync(CancellationToken cancellationToken) =>
        JsonSerializer.Deserialize<Dictionary<string, int>>(await AskAsync("requests", cancellationToken))!;

    /// <summary>The sandbox process's own peak RSS (VmHWM), in MB.</summary>
    public double PeakRssMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public async ValueTask DisposeAsync()
    {
        // Closing stdin ends it; it is killed (by its own id) if it does not go.
        _process.StandardInput.Close();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static async Task<string> FetchAsync(Uri baseUrl, bool comments, CancellationToken cancellationToken)
    {
        var (tasks, elapsed) = await PureFetchClient.RunAsync(baseUrl, Token, 100, comments, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"{tasks} {elapsed.TotalSeconds:R}");
    }

    private static string Reset(RequestCounters requests)
    {
        requests.Reset();
        return "ok";
    }

    private async Task<string> AskAsync(string command, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(command.AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
        return await _process.StandardOutput.ReadLineAsync(cancellationToken) ?? throw new InvalidOperationException("The sandbox process exited.");
    }
}
