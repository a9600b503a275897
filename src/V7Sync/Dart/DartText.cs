using System.Buffers;
using System.Globalization;
using System.Text;

namespace V7Sync.Dart;

/// <summary>
/// The one sanitiser for text from DART, applied once where it enters (<see cref="DartTaskReader"/>): C0 and C1
/// control characters are removed (a NUL would make PostgreSQL refuse the row, an ESC would reach a terminal),
/// tab and newline survive only in multi-line fields, lone surrogates become U+FFFD, and stored fields are capped.
/// Links are kept only as absolute http(s) URLs (<see cref="TryUrl"/>).
/// </summary>
public static class DartText
{
    /// <summary>A task title longer than this is cut (titles are stored in audit rows and findings).</summary>
    public const int MaxTitleLength = 500;

    /// <summary>A status title longer than this is cut (stored as dart_status).</summary>
    public const int MaxStatusLength = 100;

    /// <summary>A URL longer than this is not kept at all: a cut URL would be a wrong one.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Length of a reason or message built from DART's input (a reader error, a refused value).</summary>
    public const int MaxReasonLength = 500;

    private const char Replacement = '\uFFFD';

    // Everything a clean string has none of: C0, DEL and C1 controls, and surrogates (pairs are checked one by one).
    private static readonly SearchValues<char> Suspect = SearchValues.Create(Range('\0', '\x1F') + Range('\x7F', '\x9F') + Range('\uD800', '\uDFFF'));

    private static readonly SearchValues<char> Controls = SearchValues.Create(Range('\0', '\x1F') + Range('\x7F', '\x9F'));

    /// <summary>One-line text (a title, a status, a name): every control character removed, capped at <paramref name="maxLength"/>.</summary>
    public static string SingleLine(string value, int maxLength = int.MaxValue) => Clean(value, multiLine: false, maxLength);

    /// <summary>Multi-line text (a description, a comment): as <see cref="SingleLine"/>, but tab and newline are kept.</summary>
    public static string MultiLine(string value, int maxLength = int.MaxValue) => Clean(value, multiLine: true, maxLength);

    /// <summary>Null stays null; anything else as <see cref="SingleLine"/>.</summary>
    public static string? SingleLineOrNull(string? value, int maxLength = int.MaxValue) => value is null ? null : SingleLine(value, maxLength);

    /// <summary>
    /// True when <paramref name="raw"/> is a link V7Sync may store: an absolute http or https URL with a host, at most
    /// <see cref="MaxUrlLength"/> characters, no control character (an ESC there is a terminal escape sequence, e.g.
    /// an OSC-8 hyperlink). <paramref name="url"/> is the trimmed link; otherwise <paramref name="reason"/> says why not.
    /// </summary>
    public static bool TryUrl(string raw, out string url, out string reason)
    {
        url = raw.Trim();
        reason = "";
        if (url.Length > MaxUrlLength)
        {
            reason = $"longer than {MaxUrlLength.ToString("N0", CultureInfo.InvariantCulture)} characters";
        }
        else if (url.AsSpan().IndexOfAny(Controls) >= 0)
        {
            reason = "holds control characters (a terminal escape sequence?)";
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            reason = "not an absolute URL";
        }
        else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            reason = $"its scheme '{uri.Scheme}' is not http or https";
        }
        else if (string.IsNullOrEmpty(uri.Host))
        {
            reason = "it names no host";
        }

        return reason.Length == 0;
    }

    /// <summary>
    /// Text that was refused, made storable and readable: each control character written as <c>\u001B</c>, lone
    /// surrogates replaced, capped. For audit rows that must show what DART sent without storing it as it was.
    /// </summary>
    public static string Visible(string value, int maxLength = MaxUrlLength)
    {
        if (value.AsSpan().IndexOfAny(Suspect) < 0)
        {
            return Cap(value, maxLength);
        }

        var builder = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsSurrogate(c))
            {
                i += AppendSurrogate(builder, value, i);
            }
            else if (char.IsControl(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return Cap(builder.ToString(), maxLength);
    }

    /// <summary>Replaces each lone surrogate with U+FFFD (JSON may carry one escaped, e.g. half of a cut emoji).</summary>
    public static string ReplaceLoneSurrogates(string value)
    {
        var first = value.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length).Append(value, 0, first);
        for (var i = first; i < value.Length; i++)
        {
            if (char.IsSurrogate(value[i]))
            {
                i += AppendSurrogate(builder, value, i);
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    private static string Clean(string value, bool multiLine, int maxLength)
    {
        if (value.AsSpan().IndexOfAny(Suspect) < 0)
        {
            return Cap(value, maxLength);
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsSurrogate(c))
            {
                i += AppendSurrogate(builder, value, i);
            }
            else if (!char.IsControl(c) || (multiLine && c is '\n' or '\t'))
            {
                builder.Append(c);
            }
        }

        return Cap(builder.ToString(), maxLength);
    }

    /// <summary>Appends the pair starting at <paramref name="i"/>, or U+FFFD for a lone half; returns the extra chars consumed.</summary>
    private static int AppendSurrogate(StringBuilder builder, string value, int i)
    {
        if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
        {
            builder.Append(value[i]).Append(value[i + 1]);
            return 1;
        }

        builder.Append(Replacement);
        return 0;
    }

    /// <summary>At most <paramref name="maxLength"/> UTF-16 units, never splitting a surrogate pair.</summary>
    private static string Cap(string value, int maxLength)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var cut = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
        return value[..cut];
    }

    private static string Range(char first, char last)
    {
        var chars = new char[last - first + 1];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(first + i);
        }

        return new string(chars);
    }
}
