namespace V7Sync.Webhooks;

/// <summary>What became of a delivery; <see cref="Error"/> says why a malformed one was refused.</summary>
internal sealed record ReceiveOutcome(ReceiveResult Result, string? Error = null)
{
    public static readonly ReceiveOutcome Accepted = new(ReceiveResult.Accepted);
    public static readonly ReceiveOutcome Unauthorized = new(ReceiveResult.Unauthorized);
    public static readonly ReceiveOutcome Unavailable = new(ReceiveResult.Unavailable);

    public static ReceiveOutcome Malformed(string error) => new(ReceiveResult.Malformed, error);
}
