namespace V7Sync.IntegrationTests.Infrastructure;

/// <summary>Waits on a condition instead of sleeping: returns as soon as it holds, fails the test after the timeout.</summary>
public static class WaitFor
{
    public static async Task ConditionAsync(Func<Task<bool>> condition, TimeSpan timeout, string? because = null)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {because ?? "the condition"}.");
            }

            // A short pause between probes keeps the probe from starving the work it waits for.
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }
}
