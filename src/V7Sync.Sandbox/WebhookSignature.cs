using System.Security.Cryptography;
using System.Text;

namespace V7Sync.Sandbox;

/// <summary>
/// DART's webhook signature: lowercase hex HMAC-SHA256 of the raw body, keyed with the secret's UTF-8 bytes. The one
/// signer: the sandbox's deliveries, the tests and the load generator sign with it; the product only verifies.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Dart-Signature";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
