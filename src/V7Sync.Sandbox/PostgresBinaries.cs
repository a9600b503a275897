using System.Globalization;

namespace V7Sync.Sandbox;

/// <summary>Finds PostgreSQL's server binaries: $V7SYNC_PG_BIN, else the newest /usr/lib/postgresql/*/bin, else on PATH.</summary>
internal static class PostgresBinaries
{
    /// <summary>The folder holding initdb and pg_ctl; throws, saying what to install or set, when there is none.</summary>
    public static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("V7SYNC_PG_BIN");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: double.TryParse(Path.GetFileName(dir), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.dir, "bin", "initdb")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")));
        return onPath ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found: install the postgresql package " +
            "or set V7SYNC_PG_BIN to the folder that holds them.");
    }
}
