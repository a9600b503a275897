using System.Threading.Channels;

namespace V7Sync.Webhooks;

/// <summary>
/// Wakes the local inbox processor the moment the endpoint has stored an event, so the happy path has no polling
/// delay. Wakes coalesce: however many arrive while the processor works, one worker runs once more and drains the inbox.
/// </summary>
internal sealed class InboxSignal
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
