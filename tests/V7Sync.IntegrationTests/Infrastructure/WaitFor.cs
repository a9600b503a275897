namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>Waits for a condition instead of sleeping: background work finishes when it finishes.</summary>
public static class WaitFor
{
    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> when it never does.</summary>
    public static async Task ConditionAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"The condition did not hold within {timeout.TotalSeconds:0.#} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}
