namespace V7Sync.Demo;

/// <summary>
/// Stopping the demo has a budget per step, so Ctrl-C and SIGTERM end it within seconds even when its database died
/// (a worker retrying a dead database may not stop when asked): a step that overruns is left behind, and the process
/// ends all the same. Wraps what the demo disposes on its way out.
/// </summary>
internal sealed class BoundedStop(IAsyncDisposable inner, TimeSpan budget) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            // On the thread pool: a step that blocks before it yields (sync-over-async in a library) is still cut off.
            await Task.Run(async () => await inner.DisposeAsync()).WaitAsync(budget);
        }
        catch (TimeoutException)
        {
            // Overran its budget: left to finish (or not) as the process ends.
        }
    }

    /// <summary>Stops the host within <paramref name="budget"/>; false when it did not (it is left behind).</summary>
    public static async Task<bool> StopAsync(WebApplication app, TimeSpan budget)
    {
        using var stopping = new CancellationTokenSource(budget);
        try
        {
            await Task.Run(() => app.StopAsync(stopping.Token)).WaitAsync(budget);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or AggregateException)
        {
            return false;
        }
    }
}
