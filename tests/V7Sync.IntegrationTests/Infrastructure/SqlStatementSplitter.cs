using System.Text;

namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>
/// Splits SQL text into statements at top-level semicolons, aware of quoted strings, quoted identifiers,
/// dollar quotes and comments (the guide has '-- Migration script here' inside a string literal).
/// </summary>
public static class SqlStatementSplitter
{
    public static IReadOnlyList<string> Split(string sql)
    {
        var statements = new List<string>();
        var current = new StringBuilder();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && At(sql, i, "--"))
            {
                var end = sql.IndexOf('\n', i);
                end = end < 0 ? sql.Length : end;
                current.Append(sql, i, end - i);
                i = end;
            }
            else if (c is '\'' or '"')
            {
                var end = ClosingQuote(sql, i, c);
                current.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var close = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                var end = close < 0 ? sql.Length : close + tag.Length;
                current.Append(sql, i, end - i);
                i = end;
            }
            else if (c == ';')
            {
                Add(statements, current);
                i++;
            }
            else
            {
                current.Append(c);
                i++;
            }
        }

        Add(statements, current);
        return statements;
    }

    /// <summary>Replaces `?` placeholders outside strings and comments.</summary>
    public static string BindPlaceholders(string statement, string value)
    {
        var result = new StringBuilder(statement.Length);
        var i = 0;
        while (i < statement.Length)
        {
            var c = statement[i];
            if (c is '\'' or '"')
            {
                var end = ClosingQuote(statement, i, c);
                result.Append(statement, i, end - i);
                i = end;
            }
            else if (c == '-' && At(statement, i, "--"))
            {
                var end = statement.IndexOf('\n', i);
                end = end < 0 ? statement.Length : end;
                result.Append(statement, i, end - i);
                i = end;
            }
            else
            {
                result.Append(c == '?' ? value : c.ToString());
                i++;
            }
        }

        return result.ToString();
    }

    /// <summary>True when nothing but comments and white space is left.</summary>
    public static bool IsEmpty(string statement) =>
        statement.Split('\n').All(line => line.Trim().Length == 0 || line.TrimStart().StartsWith("--", StringComparison.Ordinal));

    private static void Add(List<string> statements, StringBuilder current)
    {
        var text = current.ToString().Trim();
        if (!IsEmpty(text))
        {
            statements.Add(text);
        }

        current.Clear();
    }

    private static bool At(string s, int i, string token) => string.CompareOrdinal(s, i, token, 0, token.Length) == 0;

    private static int ClosingQuote(string s, int start, char quote)
    {
        var i = start + 1;
        while (i < s.Length)
        {
            if (s[i] == quote)
            {
                // A doubled quote is an escaped quote inside the literal.
                if (i + 1 < s.Length && s[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return s.Length;
    }

    private static string? DollarTag(string s, int start)
    {
        var end = start + 1;
        while (end < s.Length && (char.IsLetterOrDigit(s[end]) || s[end] == '_'))
        {
            end++;
        }

        return end < s.Length && s[end] == '$' ? s[start..(end + 1)] : null;
    }
}
