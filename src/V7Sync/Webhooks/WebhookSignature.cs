using System.Security.Cryptography;
using System.Text;

namespace V7Sync.Webhooks;

/// <summary>
/// Checks <c>Dart-Signature</c>: the lowercase hex HMAC-SHA256 of the raw body keyed with the secret's UTF-8 bytes
/// (dart-api.md §7). Every configured secret is tried, so a secret can be rotated without downtime. The product only
/// verifies: what signs like DART (tests, the load generator) is the sandbox's signer, V7Sync.Sandbox.WebhookSignature.
/// </summary>
internal sealed class WebhookSignature
{
    public const string HeaderName = "Dart-Signature";

    private const int HexLength = HMACSHA256.HashSizeInBytes * 2;

    private readonly byte[][] _keys;

    public WebhookSignature(IEnumerable<string> secrets) =>
        _keys = secrets.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>True when no secret is configured (Webhooks:AllowUnsigned): every delivery is taken as it comes.</summary>
    public bool IsUnsigned => _keys.Length == 0;

    public bool IsValid(ReadOnlySpan<byte> body, string? header)
    {
        if (IsUnsigned)
        {
            return true;
        }

        // Compare ASCII bytes: the header must be exactly the lowercase hex, and the comparison takes the same
        // time wherever the first difference is, so it leaks nothing about the expected value.
        Span<byte> given = stackalloc byte[HexLength];
        if (header is null || header.Length != HexLength || Encoding.ASCII.GetBytes(header, given) != HexLength)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> expected = stackalloc byte[HexLength];
        var valid = false;
        foreach (var key in _keys)
        {
            HMACSHA256.HashData(key, body, hash);
            ToLowerHex(hash, expected);
            // No early exit: the time taken does not tell which secret matched.
            valid |= CryptographicOperations.FixedTimeEquals(expected, given);
        }

        return valid;
    }

    private static void ToLowerHex(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
        const string digits = "0123456789abcdef";
        for (var i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (byte)digits[bytes[i] >> 4];
            destination[(2 * i) + 1] = (byte)digits[bytes[i] & 0xF];
        }
    }
}
