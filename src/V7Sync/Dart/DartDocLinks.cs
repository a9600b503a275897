using System.Text.RegularExpressions;

namespace V7Sync.Dart;

/// <summary>
/// The one recogniser of Dart links, wherever DART text carries them. Doc links (task descriptions, comments, report
/// docs; attachments are compared by <see cref="DocId"/>): <c>https://app.dartai.com/o/&lt;12-char id&gt;[-Title-Slug]</c>;
/// task links (a report doc naming the task it reports on, <see cref="TaskIds"/>): <c>…/t/&lt;12-char id&gt;[-Title-Slug]</c>;
/// both also on the pre-July-2025 host app.itsdart.com (dart-api.md §8). Dartboard (/d/) and folder (/f/) links are neither.
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

    /// <summary>The ids of the DART tasks <paramref name="text"/> links, each once, in order.</summary>
    public static IReadOnlyList<string> TaskIds(string? text) =>
        string.IsNullOrEmpty(text) ? [] : TaskLink().Matches(text).Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal).ToArray();

    // The id is exactly 12 characters (not the start of a longer word). The slug may hold dots inside ("P1.T3-…")
    // but not at its end, where they belong to the sentence.
    [GeneratedRegex(@"https://app\.(?:dartai|itsdart)\.com/o/(?<id>[A-Za-z0-9]{12})(?![A-Za-z0-9])(?:-[\w%~.-]*[\w%~-])?", RegexOptions.CultureInvariant)]
    private static partial Regex DocLink();

    [GeneratedRegex(@"https://app\.(?:dartai|itsdart)\.com/t/(?<id>[A-Za-z0-9]{12})(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex TaskLink();
}
