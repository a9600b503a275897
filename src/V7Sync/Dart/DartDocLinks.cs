using System.Text.RegularExpressions;

namespace V7Sync.Webhooks;

/// <summary>
/// Finds Dart doc links in free text: <c>https://app.dartai.com/o/&lt;12-char id&gt;[-Title-Slug]</c>, also on the
/// pre-July-2025 host app.itsdart.com (dart-api.md §8). Task (/t/), dartboard (/d/) and folder (/f/) links are not docs.
/// </summary>
internal static partial class DartDocLinks
{
    public static IReadOnlyList<string> Find(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : DocLink().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToArray();

    // The slug may hold dots inside ("P1.T3-…") but not at its end, where they belong to the sentence.
    [GeneratedRegex(@"https://app\.(?:dartai|itsdart)\.com/o/[A-Za-z0-9]{12}(?![A-Za-z0-9])(?:-[\w%~.-]*[\w%~-])?", RegexOptions.CultureInvariant)]
    private static partial Regex DocLink();
}
