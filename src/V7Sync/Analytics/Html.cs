using System.Globalization;
using System.Net;

namespace V7Sync.Analytics;

/// <summary>
/// The report's only ways to put a value into markup. Everything from DART or the database is untrusted: it is
/// always encoded (as element text and as a quoted attribute value alike), and numbers are written invariantly.
/// </summary>
internal static class Html
{
    /// <summary>Text or a double-quoted attribute value: &amp;, &lt;, &gt;, &quot; and &#39; encoded; NUL and other controls dropped.</summary>
    public static string Encode(string? text) =>
        string.IsNullOrEmpty(text) ? "" : WebUtility.HtmlEncode(string.Concat(text.Where(c => !char.IsControl(c) || c is '\n' or '\t')));

    /// <summary>An SVG coordinate or length: invariant, one decimal.</summary>
    public static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
