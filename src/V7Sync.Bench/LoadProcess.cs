using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace V7Sync.Bench;

/// <summary>Starts `webhooks load …` of this program as a separate process and reads its one-line summary.</summary>
internal static class LoadProcess
{
    public static async Task<LoadSummary> RunAsync(
        Uri url, string secret, int events, int tasks, int concurrency, double rate, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet V7Sync.Bench.dll` the process is the dotnet host, which needs the assembly; the apphost does not.
        if (Path.GetFileNameWithoutExtension(info.FileName) == "dotnet")
        {
            info.ArgumentList.Add(typeof(LoadProcess).Assembly.Location);
        }

        foreach (var arg in new[]
        {
            "webhooks", "load", "--url", url.ToString(), "--secret", secret,
            "--events", Text(events), "--tasks", Text(tasks), "--concurrency", Text(concurrency),
            "--rate", rate.ToString(CultureInfo.InvariantCulture),
            "--start", start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(arg);
        }


        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the load process.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var lastLine = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (process.ExitCode != 0 || lastLine is null)
        {
            throw new InvalidOperationException($"The load process failed ({process.ExitCode}): {(await stderr).Trim()}");
        }

        return JsonSerializer.Deserialize<LoadSummary>(lastLine, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The load process printed no summary.");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
