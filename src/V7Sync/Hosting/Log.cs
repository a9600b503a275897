namespace V7Sync.Hosting;

/// <summary>
/// Source-generated log messages for hosting and the tracking database. Event ids: 1000-1999 here,
/// 2000-2999 Dart and Sync, 3000-3999 Webhooks, 4000-4999 Jobs, 5000-5999 Cli and demo.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Applied {Count} migration(s) to the tracking database: {Migrations}")]
    public static partial void MigrationsApplied(this ILogger logger, int count, string migrations);

    [LoggerMessage(1001, LogLevel.Information, "The tracking database is up to date")]
    public static partial void MigrationsUpToDate(this ILogger logger);

    [LoggerMessage(1002, LogLevel.Information, "Seeded {Count} phase(s)")]
    public static partial void PhasesSeeded(this ILogger logger, int count);

    [LoggerMessage(1003, LogLevel.Information, "Started a private PostgreSQL {Version} on 127.0.0.1:{Port} (data in {DataDirectory})")]
    public static partial void PrivatePostgresStarted(this ILogger logger, string version, int port, string dataDirectory);

    [LoggerMessage(1004, LogLevel.Information, "Stopped the private PostgreSQL on port {Port}")]
    public static partial void PrivatePostgresStopped(this ILogger logger, int port);

    [LoggerMessage(1005, LogLevel.Warning, "{Component}: {Failing} ({Reason}); logged once, its end is logged with a count")]
    public static partial void EpisodeStarted(this ILogger logger, string component, string failing, string reason);

    [LoggerMessage(1006, LogLevel.Information, "{Component}: {Recovered} after {Duration}; {Count} {Counted} meanwhile")]
    public static partial void EpisodeEnded(this ILogger logger, string component, string recovered, TimeSpan duration, long count, string counted);
}
