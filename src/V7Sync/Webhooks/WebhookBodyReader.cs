namespace V7Sync.Webhooks;

/// <summary>
/// Reads a webhook's raw body (the signature covers its exact bytes) into a buffer that grows with the bytes that
/// arrive. Content-Length is the client's claim: it may refuse a body at once (over the limit) or size a small first
/// buffer exactly, but it never makes the server allocate what has not arrived.
/// </summary>
internal static class WebhookBodyReader
{
    /// <summary>The largest first buffer: a usual delivery (a few KiB) fits it whole, so it is read into one exact array.</summary>
    public const int FirstBufferBytes = 16 * 1024;

    /// <summary>
    /// The body, or null as soon as it is known to exceed <paramref name="max"/>: at once from
    /// <paramref name="declaredLength"/>, else while reading, never reading more than max + 1 bytes.
    /// </summary>
    /// <exception cref="EndOfStreamException">The body ended before its declared length.</exception>
    public static async Task<byte[]?> ReadAsync(Stream body, long? declaredLength, int max, CancellationToken cancellationToken)
    {
        if (declaredLength > max)
        {
            return null;
        }

        // One byte past max is enough to know the body is too large, so no buffer grows beyond it.
        var limit = max + 1;
        var buffer = new byte[Math.Min(declaredLength ?? limit, Math.Min(FirstBufferBytes, limit))];
        var written = 0;
        while (written != declaredLength)
        {
            if (written == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, Math.Min(declaredLength ?? limit, limit)));
            }

            var read = await body.ReadAsync(buffer.AsMemory(written), cancellationToken);
            if (read == 0)
            {
                break;
            }

            written += read;
            if (written > max)
            {
                return null;
            }
        }

        if (declaredLength is { } length && written < length)
        {
            throw new EndOfStreamException($"The body ended after {written} of its {length} declared bytes.");
        }

        return written == buffer.Length ? buffer : buffer[..written];
    }
}
