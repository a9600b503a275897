using System.Reflection.PortableExecutable;
using System.Runtime;
using System.Runtime.InteropServices;

namespace V7Sync.Bench;

/// <summary>
/// The runtime a bench ran V7Sync on (GC mode, tiering, whether v7sync.dll is precompiled), printed first beside the
/// PostgreSQL settings: the image runs ReadyToRun with these settings, so a bench that does not is not the image.
/// </summary>
internal static class RuntimeDescription
{
    public static string Describe()
    {
        var gc = GCSettings.IsServerGC ? "Server GC" : "Workstation GC";
        var concurrent = AppContext.TryGetSwitch("System.GC.Concurrent", out var on) && on ? "concurrent" : "non-concurrent";
        var pgo = Switch("System.Runtime.TieredPGO") ?? Environment.GetEnvironmentVariable("DOTNET_TieredPGO") ?? "default (on)";
        var tiered = Switch("System.Runtime.TieredCompilation") ?? Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "default (on)";
        return $"Runtime: {RuntimeInformation.FrameworkDescription}, {gc} ({concurrent}), TieredPGO={pgo}, TieredCompilation={tiered}, "
            + $"v7sync.dll {(IsReadyToRun() ? "ReadyToRun (as the image)" : "IL only, JIT-compiled (the image is ReadyToRun: publish the bench with -p:PublishReadyToRun=true)")}";
    }

    private static string? Switch(string name) => AppContext.GetData(name)?.ToString();

    /// <summary>A ReadyToRun image carries a managed native header; an IL-only assembly does not.</summary>
    private static bool IsReadyToRun()
    {
        using var stream = File.OpenRead(typeof(V7Sync.Sync.DartSync).Assembly.Location);
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }
}
