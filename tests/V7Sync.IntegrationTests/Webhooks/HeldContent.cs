using System.Net;
using System.Net.Http.Headers;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// A body sent in two parts: the first <paramref name="head"/> bytes at once, the rest only when the test calls
/// <see cref="Release"/>, so a request stays in flight, reading its body, for as long as the test needs.
/// </summary>
public sealed class HeldContent : HttpContent
{
    private readonly byte[] _body;
    private readonly int _head;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldContent(byte[] body, int head)
    {
        _body = body;
        _head = head;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    public void Release() => _released.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_body.AsMemory(0, _head));
        await stream.FlushAsync();
        await _released.Task;
        await stream.WriteAsync(_body.AsMemory(_head));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
