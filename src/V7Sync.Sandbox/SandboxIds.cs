using System.Security.Cryptography;
using System.Text;

namespace V7Sync.Sandbox;

/// <summary>DART-shaped identifiers and links: 12 alphanumeric characters, /t/ task and /o/ doc URLs with a slug.</summary>
public static class SandboxIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public const int IdLength = 12;

    public static string NewId() => RandomNumberGenerator.GetString(Alphabet, IdLength);

    /// <summary>A new id that starts with <paramref name="prefix"/> (alphanumeric, shorter than an id), random after it.</summary>
    public static string NewId(string prefix) => prefix + RandomNumberGenerator.GetString(Alphabet, IdLength - prefix.Length);

    /// <summary>Whether <paramref name="prefix"/> can start an id and leave room for randomness.</summary>
    public static bool IsValidPrefix(string prefix) => prefix.Length < IdLength - 3 && prefix.All(char.IsAsciiLetterOrDigit);

    public static string TaskUrl(string id, string title) => $"https://app.dartai.com/t/{id}{SlugSuffix(title)}";

    public static string DocUrl(string id, string title) => $"https://app.dartai.com/o/{id}{SlugSuffix(title)}";

    /// <summary>"P1.T3 Document all duplicate ENUMs" → "-P1T3-Document-all-duplicate-ENUMs".</summary>
    public static string Slug(string title)
    {
        var builder = new StringBuilder(title.Length);
        foreach (var c in title)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (char.IsWhiteSpace(c) || c is '-' or '_' or '/')
            {
                if (builder.Length > 0 && builder[^1] != '-')
                {
                    builder.Append('-');
                }
            }
        }

        return builder.ToString().TrimEnd('-');
    }

    private static string SlugSuffix(string title) => Slug(title) is { Length: > 0 } slug ? "-" + slug : "";
}
