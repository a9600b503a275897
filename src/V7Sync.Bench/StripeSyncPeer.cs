using System.Diagnostics;
using System.Globalization;
using V7Sync.Sandbox;

namespace V7Sync.Bench;

/// <summary>
/// stripe-sync-engine, the peer: installed from npm into a scratch folder on first use (the same pinned versions every
/// time), run behind Scripts/stripe-sync-peer.js on the bench's PostgreSQL, in its own schema.
/// </summary>
internal static class StripeSyncPeer
{
    public const string Package = "@supabase/stripe-sync-engine@0.48.5";

    // Its peer dependency (stripe > 18), pinned so every run verifies signatures with the same code.
    private const string StripeNode = "stripe@23.1.0";

    public static string ScratchFolder => Path.Combine(Path.GetTempPath(), "v7sync-bench-peer", "stripe-sync-engine-0.48.5");

    public static async Task<ChildServer> StartAsync(string databaseUrl, string secret, int poolSize, CancellationToken cancellationToken)
    {
        await InstallAsync(cancellationToken);
        var port = LoopbackHost.FreePort();
        return await ChildServer.StartAsync(
            "the stripe-sync-engine server",
            new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "Scripts", "stripe-sync-peer.js")]),
            port,
            new Dictionary<string, string>
            {
                ["PEER_MODULES"] = Path.Combine(ScratchFolder, "node_modules"),
                ["DATABASE_URL"] = databaseUrl,
                ["WEBHOOK_SECRET"] = secret,
                ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
                ["POOL_SIZE"] = poolSize.ToString(CultureInfo.InvariantCulture),
            },
            cancellationToken);
    }

    private static async Task InstallAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(ScratchFolder, "node_modules", "@supabase", "stripe-sync-engine", "package.json")))
        {
            return;
        }

        Directory.CreateDirectory(ScratchFolder);
        await File.WriteAllTextAsync(Path.Combine(ScratchFolder, "package.json"), """{"name":"v7sync-bench-peer","private":true}""", cancellationToken);
        Console.WriteLine($"Installing {Package} and {StripeNode} from npm into {ScratchFolder} …");
        using var npm = Process.Start(new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund", "--silent", Package, StripeNode])
        {
            WorkingDirectory = ScratchFolder,
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("Could not start npm.");
        var errors = npm.StandardError.ReadToEndAsync(cancellationToken);
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install {Package} failed ({npm.ExitCode}): {(await errors).Trim()}");
        }
    }
}
