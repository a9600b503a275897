namespace V7Sync.Bench;

/// <summary>What the load process measured, printed as one JSON line for the serving process to read.</summary>
internal sealed record LoadSummary(int Sent, int Acknowledged, int Failed, double ElapsedSeconds, double P50Ms, double P99Ms, double MaxMs)
{
    public double PerSecond => Acknowledged / ElapsedSeconds;
}
