using System.Net;
using System.Net.Http.Headers;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// A body of <paramref name="size"/> bytes made as it is sent, in small chunks, so that a test can send more than it
/// wants to hold; declares <paramref name="declaredLength"/> as Content-Length when given, else goes chunked.
/// </summary>
public sealed class StreamedContent(long size, long? declaredLength = null) : HttpContent
{
    private const int Chunk = 4096;

    /// <summary>How many bytes the server took from this content before it stopped asking.</summary>
    public long Sent { get; private set; }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        Headers.ContentType ??= new MediaTypeHeaderValue("application/json");
        var chunk = new byte[Chunk];
        Array.Fill(chunk, (byte)'x');
        while (Sent < size)
        {
            var count = (int)Math.Min(Chunk, size - Sent);
            await stream.WriteAsync(chunk.AsMemory(0, count));
            Sent += count;
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = declaredLength ?? 0;
        return declaredLength is not null;
    }
}
