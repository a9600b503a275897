namespace V7Sync.Tracking.Migrations;

/// <summary>Reads a migration's SQL from the embedded Tracking/Sql/*.sql files (and other embedded .sql files).</summary>
internal static class SqlScript
{
    public static string Read(string fileName) => ReadResource($"V7Sync.Tracking.Sql.{fileName}");

    public static string ReadResource(string name)
    {
        using var stream = typeof(SqlScript).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL script '{name}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
