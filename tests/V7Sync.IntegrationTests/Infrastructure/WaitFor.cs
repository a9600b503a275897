namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>Waits on a condition instead of sleeping: returns as soon as it holds, fails the test on timeout.</summary>
public static class WaitFor
{
    public static async Task ConditionAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        var delay = TimeSpan.FromMilliseconds(10);
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {timeout} waiting for {because ?? "the condition"}.");
            }

            await Task.Delay(delay, CancellationToken.None);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }
}
