using System.Reflection.PortableExecutable;
using System.Runtime;
using System.Runtime.InteropServices;

namespace V7Sync.Bench;

/// <summary>
/// The runtime a bench ran V7Sync on (GC mode, tiering, the thread pool's spin, whether v7sync.dll is precompiled, the
/// image's runtime variables), printed first beside the PostgreSQL settings: the image runs ReadyToRun with these
/// settings, so a bench that does not is not the image.
/// </summary>
internal static class RuntimeDescription
{
    public static string Describe()
    {
        var gc = GCSettings.IsServerGC ? "Server GC" : "Workstation GC";
        var concurrent = Setting("DOTNET_gcConcurrent", "System.GC.Concurrent") is "0" or "false" or "False" ? "non-concurrent" : "concurrent";
        var pgo = Setting("DOTNET_TieredPGO", "System.Runtime.TieredPGO") ?? "default (on)";
        var tiered = Setting("DOTNET_TieredCompilation", "System.Runtime.TieredCompilation") ?? "default (on)";
        var spin = Setting("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit") ?? "default (70)";
        return $"Runtime: {RuntimeInformation.FrameworkDescription}, {gc} ({concurrent}), TieredPGO={pgo}, TieredCompilation={tiered}, "
            + $"thread pool spin limit {spin}, "
            + $"v7sync.dll {(IsReadyToRun() ? "ReadyToRun (as the image)" : "IL only, JIT-compiled (the image is ReadyToRun: publish the bench with -p:PublishReadyToRun=true)")}, "
            + ImageEnvironment.Describe();
    }

    /// <summary>A DOTNET_ variable overrides the runtimeconfig.json property, as the runtime itself reads them.</summary>
    private static string? Setting(string variable, string property) =>
        Environment.GetEnvironmentVariable(variable) ?? AppContext.GetData(property)?.ToString();

    /// <summary>A ReadyToRun image carries a managed native header; an IL-only assembly does not.</summary>
    private static bool IsReadyToRun()
    {
        using var stream = File.OpenRead(typeof(V7Sync.Sync.DartSync).Assembly.Location);
        using var reader = new PEReader(stream);
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }
}
