using System.Diagnostics;

namespace V7Sync.Bench;

/// <summary>
/// The runtime variables the image sets (the Dockerfile's ENV) where runtimeconfig.json cannot: a bench started
/// without them starts itself again with them, so it measures the runtime the image runs. ImageEnvironmentTests holds
/// the Dockerfile to these values.
/// </summary>
internal static class ImageEnvironment
{
    /// <summary>
    /// The GC's gen0 budget held at 16 MiB, from below and from above. Below: the GC sizes it from the L3 cache, which
    /// this machine's VM reports as 300 MiB, so the worker's RSS followed the host's cache, not its work. Above: after
    /// the start-up's collections, where nearly everything survives, the GC grows the budget and the first full sync
    /// allocated ~90 MiB before its next collection (peak RSS 240 MB against 195 with the cap; README, "Benchmarks").
    /// </summary>
    public static IReadOnlyDictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["DOTNET_GCgen0size"] = "0x1000000",
        ["DOTNET_GCGen0MaxBudget"] = "0x1000000",
    };

    public static bool IsApplied => Variables.All(v => Environment.GetEnvironmentVariable(v.Key) == v.Value);

    public static string Describe() =>
        string.Join(", ", Variables.Select(v => $"{v.Key}={Environment.GetEnvironmentVariable(v.Key) ?? "unset"}"))
        + (IsApplied ? " (as the image)" : " (not as the image)");

    /// <summary>This bench once more with the same arguments and the image's variables; its exit code.</summary>
    public static async Task<int> RunAgainAsync(IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            // Started as `dotnet V7Sync.Bench.dll`: the host needs the assembly again.
            start.ArgumentList.Add(typeof(ImageEnvironment).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in Variables)
        {
            start.Environment[name] = value;
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        await child.WaitForExitAsync();
        return child.ExitCode;
    }
}
