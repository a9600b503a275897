namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>Finds files relative to the repository, whatever folder the test runner starts in.</summary>
public static class RepositoryPaths
{
    /// <summary>Names the user's guide when it is not beside the repository (a checkout elsewhere, CI).</summary>
    public const string GuideVariable = "V7SYNC_GUIDE";

    public static string Root { get; } = FindRoot();

    /// <summary>The user's guide: $V7SYNC_GUIDE, else beside the repository as ../shared/seed/v7-database-user-guide.md.</summary>
    public static string Guide => GuideAt(Environment.GetEnvironmentVariable(GuideVariable), Root);

    /// <summary>The built v7sync.dll (the product) of the same configuration as this test assembly.</summary>
    public static string V7SyncDll => BuiltDll("V7Sync", "v7sync.dll");

    /// <summary>The built demo app, V7Sync.Demo.dll, of the same configuration as this test assembly.</summary>
    public static string DemoDll => BuiltDll("V7Sync.Demo", "V7Sync.Demo.dll");

    /// <summary>The built benchmarks, V7Sync.Bench.dll, of the same configuration as this test assembly.</summary>
    public static string BenchDll => BuiltDll("V7Sync.Bench", "V7Sync.Bench.dll");

    /// <summary>The configuration this test assembly was built in (Debug, Release): the one to publish the product in.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    internal static string GuideAt(string? variable, string root) => string.IsNullOrWhiteSpace(variable)
        ? Path.GetFullPath(Path.Combine(root, "..", "shared", "seed", "v7-database-user-guide.md"))
        : Path.GetFullPath(variable);

    private static string BuiltDll(string project, string file)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        return Path.Combine(Root, "src", project, "bin", configuration, "net10.0", file);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "V7Sync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"V7Sync.sln was not found above {AppContext.BaseDirectory}.");
    }
}
