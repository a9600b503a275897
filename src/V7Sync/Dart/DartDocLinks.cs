using System.Text.RegularExpressions;

namespace V7Sync.Dart;

/// <summary>
/// The one recogniser of Dart doc links, wherever DART text carries them (task descriptions, comments; attachments
/// are compared by <see cref="DocId"/>): <c>https://app.dartai.com/o/&lt;12-char id&gt;[-Title-Slug]</c>, also on the
/// pre-July-2025 host app.itsdart.com (dart-api.md §8). Task (/t/), dartboard (/d/) and folder (/f/) links are not docs.
/// </summary>
internal static partial class DartDocLinks
{
    /// <summary>The doc links in <paramref name="text"/>, each once, in order; none longer than <see cref="DartText.MaxUrlLength"/>.</summary>
    public static IReadOnlyList<string> Find(string? text) =>
        string.IsNullOrEmpty(text)
            ? []
            : DocLink().Matches(text).Select(m => m.Value).Where(url => url.Length <= DartText.MaxUrlLength)
                .Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The doc id of a Dart doc link, so the same doc under a new slug is not a new deliverable.</summary>
    public static string? DocId(string url) => DocLink().Match(url) is { Success: true } m ? m.Groups["id"].Value : null;

    // The id is exactly 12 characters (not the start of a longer word). The slug may hold dots inside ("P1.T3-…")
    // but not at its end, where they belong to the sentence.
    [GeneratedRegex(@"https://app\.(?:dartai|itsdart)\.com/o/(?<id>[A-Za-z0-9]{12})(?![A-Za-z0-9])(?:-[\w%~.-]*[\w%~-])?", RegexOptions.CultureInvariant)]
    private static partial Regex DocLink();
}
