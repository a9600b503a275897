using System.Diagnostics;

namespace V7Sync.Bench;

/// <summary>
/// A server a bench runs as its own process (the peer's Node server, the bare Kestrel baseline): started with its
/// settings in the environment, ready once it prints "listening", stopped (by its own process id) on dispose.
/// </summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;

    private ChildServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<ChildServer> StartAsync(
        string name, ProcessStartInfo info, int port, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}.");
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null && line.Trim() != "listening")
            {
            }

            if (line is null)
            {
                await process.WaitForExitAsync(CancellationToken.None);
                throw new InvalidOperationException($"{name} exited ({process.ExitCode}) before listening: {(await errors).Trim()}");
            }
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }

        // Keep draining its output so a chatty server never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        return new ChildServer(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
