// The benchmarks' Program would clash with the product's (WebApplicationFactory<Program>): reach their types by alias.
extern alias bench;

using System.Text.RegularExpressions;
using bench::V7Sync.Bench;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.IntegrationTests.Tracking;

namespace V7Sync.IntegrationTests.Bench;

/// <summary>The benches run V7Sync with the runtime variables the image sets: the Dockerfile's, applied to their own process.</summary>
public sealed class ImageEnvironmentTests
{
    [Fact]
    public void The_Dockerfile_Sets_Each_Variable_The_Benches_Apply_In_Its_Runtime_Stage()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Dockerfile"));
        var runtimeStage = dockerfile[dockerfile.IndexOf("FROM mcr.microsoft.com/dotnet/aspnet", StringComparison.Ordinal)..];

        foreach (var (name, value) in ImageEnvironment.Variables)
        {
            Assert.Matches(new Regex($@"^\s*(ENV\s+)?{name}={value}\b", RegexOptions.Multiline), runtimeStage);
        }
    }

    [Fact]
    public async Task A_Bench_Started_Without_The_Images_Variables_Runs_Again_With_Them()
    {
        // An empty value is not the image's: the bench must start itself again with the value set.
        var unset = ImageEnvironment.Variables.Keys.ToDictionary(name => name, _ => "");

        var result = await V7SyncProcess.RunAsync(["runtime"], unset, dll: RepositoryPaths.BenchDll);

        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (var (name, value) in ImageEnvironment.Variables)
        {
            Assert.Contains($"{name}={value}", result.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("(as the image)", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not as the image", result.Stdout, StringComparison.Ordinal);
    }
}
