using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace V7Sync.Dart;

/// <summary>
/// DART's timestamps as V7Sync writes them everywhere (list filters, audit values, log lines, webhook dedupe keys):
/// ISO 8601 in UTC to the microsecond, e.g. 2026-11-23T09:30:12.123456Z. Microseconds are DART's precision and
/// PostgreSQL's, so a version written and read back compares equal to the one DART sent.
/// </summary>
public static class DartTimestamp
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString(Pattern, CultureInfo.InvariantCulture);

    [return: NotNullIfNotNull(nameof(value))]
    public static string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;

    /// <summary>The value cut to microseconds (what PostgreSQL keeps), in UTC.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static DateTimeOffset? Microseconds(DateTimeOffset? value) =>
        value is { } v ? new DateTimeOffset(v.UtcTicks - (v.UtcTicks % 10), TimeSpan.Zero) : null;
}
