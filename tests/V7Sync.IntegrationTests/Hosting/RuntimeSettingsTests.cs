using System.Text.Json;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Hosting;

/// <summary>
/// src/V7Sync/RuntimeSettings.props as the runtime reads it: the runtimeconfig.json the build writes beside
/// v7sync.dll (which publish ships), and the same beside the benches that host the product, so they measure it.
/// </summary>
public sealed class RuntimeSettingsTests
{
    public static TheoryData<string> HostingAssemblies => new() { RepositoryPaths.V7SyncDll, RepositoryPaths.BenchDll };

    [Theory]
    [MemberData(nameof(HostingAssemblies))]
    public void The_Runtime_Runs_Workstation_Gc_Without_Dynamic_Pgo_Or_A_Spinning_Thread_Pool(string dll)
    {
        // Act
        var properties = ConfigProperties(dll);

        // Assert
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    [Fact]
    public async Task A_Bench_Says_Which_Spin_Limit_It_Ran_With()
    {
        // Act
        var result = await V7SyncProcess.RunAsync(["runtime"], new Dictionary<string, string>(), dll: RepositoryPaths.BenchDll);

        // Assert
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("thread pool spin limit 0,", result.Stdout, StringComparison.Ordinal);
    }

    private static JsonElement ConfigProperties(string dll)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(dll, ".runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
