namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>Waits on a condition instead of sleeping: polls until it holds, and fails the test if it never does.</summary>
public static class WaitFor
{
    public static async Task ConditionAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The condition did not hold within {timeout}.");
            }
        }
    }
}
