using System.Runtime.InteropServices;
using System.Text;
using V7Sync.Webhooks;

namespace V7Sync.UnitTests.Webhooks;

public sealed class WebhookBodyReaderTests
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_Body_Declaring_A_MiB_That_Sends_A_Few_Bytes_Never_Gets_A_MiB_Buffer()
    {
        var body = new RecordingStream(Encoding.UTF8.GetBytes("""{"type":"task.updated"}"""));

        await Assert.ThrowsAsync<EndOfStreamException>(() => WebhookBodyReader.ReadAsync(body, declaredLength: MiB, MiB, CancellationToken.None));

        Assert.InRange(body.LargestArrayOffered, 1, WebhookBodyReader.FirstBufferBytes);
    }

    [Fact]
    public async Task A_Usual_Body_Is_Read_Into_One_Array_Of_Its_Exact_Length()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"task.updated","data":{"id":"abcdefABCDEF"}}""");
        var body = new RecordingStream(bytes, chunk: 7);

        var read = await WebhookBodyReader.ReadAsync(body, bytes.Length, MiB, CancellationToken.None);

        Assert.Equal(bytes, read);
        Assert.Equal(bytes.Length, body.LargestArrayOffered);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_Large_Body_Grows_Its_Buffer_As_It_Arrives(bool declareLength)
    {
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        var body = new RecordingStream(bytes, chunk: 4096);

        var read = await WebhookBodyReader.ReadAsync(body, declareLength ? bytes.Length : null, MiB, CancellationToken.None);

        Assert.Equal(bytes, read);
        // Doubling from the first buffer: never more than twice what had arrived when it grew.
        Assert.InRange(body.LargestArrayOffered, bytes.Length, 2 * bytes.Length);
    }

    [Fact]
    public async Task A_Body_Over_The_Limit_Is_Refused_From_Its_Content_Length_Without_Reading()
    {
        var body = new RecordingStream(new byte[10]);

        Assert.Null(await WebhookBodyReader.ReadAsync(body, declaredLength: MiB + 1, MiB, CancellationToken.None));
        Assert.Equal(0, body.LargestArrayOffered);
    }

    [Fact]
    public async Task A_Chunked_Body_Over_The_Limit_Is_Refused_After_One_Byte_Past_It()
    {
        const int max = 10_000;
        var body = new RecordingStream(new byte[50_000], chunk: 1000);

        Assert.Null(await WebhookBodyReader.ReadAsync(body, declaredLength: null, max, CancellationToken.None));
        Assert.Equal(max + 1, body.Delivered);
        Assert.Equal(max + 1, body.LargestArrayOffered);
    }

    [Fact]
    public async Task An_Empty_Body_Is_Empty() =>
        Assert.Empty((await WebhookBodyReader.ReadAsync(new RecordingStream([]), 0, MiB, CancellationToken.None))!);

    /// <summary>Serves bytes in chunks and records the largest array the reader offered to fill: what it had allocated.</summary>
    private sealed class RecordingStream(byte[] content, int chunk = int.MaxValue) : Stream
    {
        public int LargestArrayOffered { get; private set; }

        public int Delivered { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
            {
                LargestArrayOffered = Math.Max(LargestArrayOffered, segment.Array!.Length);
            }

            var count = Math.Min(Math.Min(buffer.Length, chunk), content.Length - Delivered);
            content.AsSpan(Delivered, count).CopyTo(buffer.Span);
            Delivered += count;
            return ValueTask.FromResult(count);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().Result;

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
