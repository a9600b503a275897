namespace V7Sync.Bench;

/// <summary>The targets for this 2-core machine.</summary>
internal static class WebhookBenchTargets
{
    public const double EventsPerSecond = 2000;
    public const double P99AckMs = 50;
    public const double P99LagMs = 1000;
    public const double BareRatio = 0.7;
}
