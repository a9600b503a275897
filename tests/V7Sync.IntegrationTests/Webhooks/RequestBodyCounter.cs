using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>
/// Middleware ahead of the app's own that counts the request body bytes the app reads, and records the largest
/// array the app offered to read into: what it had allocated for the body.
/// </summary>
public sealed class RequestBodyCounter : IStartupFilter
{
    private long _read;
    private long _largestArray;

    public long Read => Interlocked.Read(ref _read);

    public long LargestArrayOffered => Interlocked.Read(ref _largestArray);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Request.Body = new CountingStream(context.Request.Body, this);
            return nextMiddleware(context);
        });
        next(app);
    };

    private sealed class CountingStream(Stream inner, RequestBodyCounter counter) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (MemoryMarshal.TryGetArray<byte>(buffer, out var segment))
            {
                var length = (long)segment.Array!.Length;
                for (var seen = counter.LargestArrayOffered; length > seen; seen = counter.LargestArrayOffered)
                {
                    Interlocked.CompareExchange(ref counter._largestArray, length, seen);
                }
            }

            return Count(await inner.ReadAsync(buffer, cancellationToken));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            Interlocked.Add(ref counter._read, read);
            return read;
        }
    }
}
