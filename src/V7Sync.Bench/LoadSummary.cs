namespace V7Sync.Bench;

/// <summary>What the load process measured, printed as one JSON line for the serving process to read.</summary>
/// <param name="Failed">Requests not answered 200, <paramref name="Unanswered"/> included.</param>
/// <param name="Unanswered">Requests that got no answer at all (refused, reset, timed out); <paramref name="FirstError"/> says why.</param>
internal sealed record LoadSummary(
    int Sent, int Acknowledged, int Failed, double ElapsedSeconds, double P50Ms, double P99Ms, double MaxMs, int Unanswered = 0, string? FirstError = null)
{
    public double PerSecond => Acknowledged / ElapsedSeconds;
}
