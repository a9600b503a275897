using System.Diagnostics;
using V7Sync.IntegrationTests.Infrastructure;

namespace V7Sync.IntegrationTests.Hosting;

/// <summary>
/// The product as `dotnet publish` lays it out (what the image copies and starts as `dotnet v7sync.dll run`): published
/// once per test run from the build the tests already have (--no-build), into a folder of its own.
/// </summary>
public static class PublishedV7Sync
{
    private static readonly Lazy<Task<string>> Folder = new(PublishAsync);

    /// <summary>The published v7sync.dll.</summary>
    public static async Task<string> DllAsync() => Path.Combine(await Folder.Value, "v7sync.dll");

    private static async Task<string> PublishAsync()
    {
        var output = Directory.CreateTempSubdirectory("v7sync-published-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var arg in new[]
        {
            "publish", Path.Combine("src", "V7Sync", "V7Sync.csproj"), "-c", RepositoryPaths.Configuration, "--no-build", "--no-restore", "-o", output, "-v", "q",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0 || !File.Exists(Path.Combine(output, "v7sync.dll")))
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}): {await stderr}{await stdout}");
        }

        return output;
    }
}
