namespace V7Sync.Hosting;

/// <summary>The one retry schedule of the inbox and the outbox: the initial delay doubled for each attempt after the first, capped.</summary>
internal static class RetryBackoff
{
    public static TimeSpan After(int attempts, TimeSpan initial, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(initial.TotalMilliseconds * factor, max.TotalMilliseconds));
    }
}
