namespace V7Sync.Tracking.Migrations;

/// <summary>Reads a migration's SQL from the embedded Tracking/Sql/*.sql files.</summary>
internal static class SqlScript
{
    public static string Read(string fileName)
    {
        var name = $"V7Sync.Tracking.Sql.{fileName}";
        using var stream = typeof(SqlScript).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded migration script '{name}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
