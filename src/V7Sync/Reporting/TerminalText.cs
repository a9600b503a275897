using System.Buffers;

namespace V7Sync.Reporting;

/// <summary>
/// The one rule for text that reaches a terminal: every control character (C0 including ESC, DEL, C1) and every
/// bidi override or isolate (U+202A–U+202E, U+2066–U+2069) becomes <see cref="Placeholder"/>, one for one.
/// </summary>
/// <remarks>
/// Text from the database may come from DART (titles, statuses, URLs, messages that quote them), written before
/// the boundary sanitiser existed or by the conductor's own SQL; an ESC there could move the cursor, retitle the
/// terminal or plant an OSC-8 link, and a bidi override could make a line read other than it is. So every verb
/// passes what it prints through here, whatever the database holds. JSON output does not: its serializer
/// escapes these characters, so the value stays exact.
/// </remarks>
internal static class TerminalText
{
    /// <summary>U+FFFD REPLACEMENT CHARACTER: visible, one column wide, and says "something was here".</summary>
    public const char Placeholder = '\uFFFD';

    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        [.. Range('\u0000', '\u001F'), .. Range('\u007F', '\u009F'), .. Range('\u202A', '\u202E'), .. Range('\u2066', '\u2069')]);

    /// <summary><paramref name="text"/> with every unsafe character replaced; the same instance when it has none.</summary>
    public static string Safe(string text)
    {
        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, first), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            var rest = span[state.first..];
            for (var i = rest.IndexOfAny(Unsafe); i >= 0; i = rest.IndexOfAny(Unsafe))
            {
                rest[i] = Placeholder;
                rest = rest[(i + 1)..];
            }
        });
    }

    private static IEnumerable<char> Range(char first, char last) =>
        Enumerable.Range(first, last - first + 1).Select(c => (char)c);
}
