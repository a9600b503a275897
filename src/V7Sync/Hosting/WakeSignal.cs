using System.Threading.Channels;

namespace V7Sync.Hosting;

/// <summary>
/// Wakes a background processor the moment there is work for it, so the happy path has no polling delay. Wakes
/// coalesce: however many arrive while the processor works, it runs once more and drains. One subclass per processor
/// (the webhook inbox's, the push outbox's), so each is its own singleton.
/// </summary>
internal abstract class WakeSignal
{
    private readonly Channel<bool> _wakes = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Wake() => _wakes.Writer.TryWrite(true);

    /// <summary>Waits for a wake or until <paramref name="timeout"/> passes (the fallback poll); true when woken.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_wakes.Reader.TryRead(out _))
        {
            return true;
        }

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await _wakes.Reader.WaitToReadAsync(poll.Token);
            return _wakes.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
