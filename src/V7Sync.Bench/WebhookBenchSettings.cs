namespace V7Sync.Bench;

/// <summary>The knobs of `v7sync bench webhooks`.</summary>
/// <param name="PacedRate">Events/s offered in the second, paced run of our endpoint; 0 skips that run.</param>
internal sealed record WebhookBenchSettings(int Events, int Tasks, int Concurrency, int WarmupEvents, int PacedRate);
