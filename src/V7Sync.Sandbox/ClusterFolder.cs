namespace V7Sync.Sandbox;

/// <summary>Where a private cluster can live when its server runs as the `postgres` OS user (this process being root).</summary>
internal static class ClusterFolder
{
    /// <summary>
    /// Whether the postgres OS user can reach a folder: every existing ancestor must let others through. A checkout
    /// under root's home (mode 700) does not, and initdb would fail there with "Permission denied".
    /// </summary>
    public static bool OthersCanTraverse(string directory)
    {
        for (var dir = new DirectoryInfo(directory).Parent; dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && !dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A stable folder the postgres user can reach, one per wanted folder, so a reused cluster is still found.</summary>
    public static string ReachableStandIn(string wanted)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(wanted)))[..12];
        return Path.Combine("/var/tmp", $"v7sync-pg-{hash}");
    }
}
