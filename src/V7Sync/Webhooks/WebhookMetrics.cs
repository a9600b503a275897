using System.Diagnostics.Metrics;
using V7Sync.Hosting;

namespace V7Sync.Webhooks;

/// <summary>Counters for the webhook endpoint and the inbox processor, on V7Sync's one Meter.</summary>
internal static class WebhookMetrics
{
    public static readonly Counter<long> Received = V7SyncTelemetry.Meter.CreateCounter<long>(
        "v7sync.webhooks.received", "{event}", "Authentic deliveries stored in the inbox");

    public static readonly Counter<long> Duplicate = V7SyncTelemetry.Meter.CreateCounter<long>(
        "v7sync.webhooks.duplicate", "{event}", "Deliveries acknowledged as already stored");

    public static readonly Counter<long> Rejected = V7SyncTelemetry.Meter.CreateCounter<long>(
        "v7sync.webhooks.rejected", "{request}", "Requests refused: bad signature, too large, malformed or database unavailable");

    public static readonly Counter<long> Processed = V7SyncTelemetry.Meter.CreateCounter<long>(
        "v7sync.webhooks.processed", "{event}", "Inbox rows processed or ignored by the processor");

    public static readonly Counter<long> Retried = V7SyncTelemetry.Meter.CreateCounter<long>(
        "v7sync.webhooks.retried", "{event}", "Inbox rows that failed and will be retried");

    public static readonly Counter<long> Dead = V7SyncTelemetry.Meter.CreateCounter<long>(
        "v7sync.webhooks.dead", "{event}", "Inbox rows moved to dead after their last attempt");

    /// <summary>Request received → 200 sent (the delivery committed to the inbox): exported as v7sync_webhook_ack_duration_seconds.</summary>
    public static readonly Histogram<double> AckDuration = V7SyncTelemetry.SecondsHistogram(
        "v7sync.webhook.ack.duration", "From a webhook request's arrival to its acknowledgement (the row committed)");

    /// <summary>Stored → applied and recorded: exported as v7sync_apply_lag_seconds.</summary>
    public static readonly Histogram<double> ApplyLag = V7SyncTelemetry.SecondsHistogram(
        "v7sync.apply.lag", "From a delivery's storing in the inbox to its outcome being recorded");

    public static void Reject(string reason) => Rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void RecordApplyLag(DateTimeOffset? receivedAt, DateTimeOffset now)
    {
        if (receivedAt is { } received)
        {
            ApplyLag.Record(Math.Max(0, (now - received).TotalSeconds));
        }
    }
}
