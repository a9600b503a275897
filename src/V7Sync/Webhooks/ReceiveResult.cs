namespace V7Sync.Webhooks;

/// <summary>How the endpoint answers a delivery: 200, 401, 400 or 503.</summary>
internal enum ReceiveResult
{
    Accepted,
    Unauthorized,
    Malformed,
    Unavailable,
}
