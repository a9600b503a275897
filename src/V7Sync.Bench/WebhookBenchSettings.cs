namespace V7Sync.Bench;

/// <summary>The knobs of `v7sync bench webhooks`.</summary>
/// <param name="PacedRate">Events/s offered in the second, paced run of our endpoint; 0 skips that run.</param>
internal sealed record WebhookBenchSettings(int Events, int Tasks, int Concurrency, int WarmupEvents, int PacedRate);

/// <summary>The targets for this 2-core machine.</summary>
internal static class WebhookBenchTargets
{
    public const double EventsPerSecond = 2000;
    public const double P99AckMs = 50;
    public const double P99LagMs = 1000;
    public const double BareRatio = 0.7;
}
