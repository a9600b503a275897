using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Cli;

/// <summary>A long-running verb (audit --follow) or the demo as a real process: its output line by line, signals, a kill on dispose.</summary>
public sealed class RunningV7Sync : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RunningV7Sync(ProcessStartInfo start)
    {
        ManagementPort = start.Environment.TryGetValue("Management__Port", out var port) && int.TryParse(port, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue("stderr: " + e.Data); } };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <param name="dll">Another built app instead of the product, e.g. <see cref="RepositoryPaths.DemoDll"/>.</param>
    public static RunningV7Sync Start(IEnumerable<string> args, Dictionary<string, string> environment, string? workingDirectory = null, string? dll = null)
    {
        var start = V7SyncProcess.StartInfo(args, environment, dll);
        start.WorkingDirectory = workingDirectory ?? start.WorkingDirectory;
        return new RunningV7Sync(start);
    }

    /// <summary>The management port the environment gave it (Management__Port), where `run` serves /healthz/*.</summary>
    public int? ManagementPort { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Stdout lines, and stderr lines prefixed "stderr: ", in the order they arrived.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    public string Text => string.Join('\n', _output);

    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until a line satisfies <paramref name="line"/>; fails at once, with the output, if the process ends first.</summary>
    public Task WaitForLineAsync(Func<string, bool> line, TimeSpan timeout, string because) =>
        WaitFor.ConditionAsync(() => Task.FromResult(_output.Any(line) || (ExitedEarly())), timeout, because);

    /// <summary>True when the process ended before it was asked to; throws with its output so the test says why.</summary>
    public bool ExitedEarly() =>
        _process.HasExited ? throw new InvalidOperationException($"v7sync exited with {_process.ExitCode}:\n{Text}") : false;

    /// <summary>Waits until `run` answers GET /healthz/live on its management port; fails at once, with the output, if it ends first.</summary>
    public async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var root = new Uri($"http://127.0.0.1:{ManagementPort ?? throw new InvalidOperationException("Start it with Management__Port set.")}");
        using var client = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(5) };
        await WaitFor.ConditionAsync(async () =>
        {
            if (ExitedEarly())
            {
                return true;
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
        }, timeout, $"v7sync to serve {root}");
    }

    /// <summary>Sends a signal (TERM, INT) as Ctrl-C or `docker stop` would, then waits for the exit.</summary>
    public async Task StopAsync(string signal, TimeSpan timeout)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { $"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture) } })!)
        {
            await kill.WaitForExitAsync();
        }

        using var exited = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(exited.Token);
    }

    /// <summary>Kills the process at once, as a crash would (no shutdown, nothing flushed), and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
