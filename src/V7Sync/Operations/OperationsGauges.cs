using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Hosting;

namespace V7Sync.Operations;

/// <summary>
/// The gauges an operator alerts on (README lists each), observed from the serving host's
/// <see cref="OperationsSnapshot"/>. Instruments live on V7Sync's one Meter, once per process; the host that starts
/// serving attaches its snapshot (in a test process holding several hosts, the latest started reports).
/// Names and units are chosen so that Prometheus's scrape shows exactly v7sync_inbox_pending,
/// v7sync_poll_last_success_age_seconds, and so on (the exporter appends the unit "s" as _seconds).
/// </summary>
internal sealed class OperationsGauges(OperationsSnapshot snapshot, IOptions<DartOptions> dart, TimeProvider time) : IHostedService
{
    private OperationsSnapshot Snapshot => snapshot;

    private TimeSpan PollInterval => dart.Value.PollInterval;

    private DateTimeOffset Now => time.GetUtcNow();

    private static OperationsGauges? _attached;

    private static readonly ObservableGauge<long>[] Counts =
    [
        Gauge("v7sync.inbox.pending", "{event}", "Webhook deliveries stored and not yet applied (pending or processing)", f => f.InboxPending),
        Gauge("v7sync.inbox.dead", "{event}", "Webhook deliveries that failed Webhooks:MaxAttempts times (v7sync inbox list --dead)", f => f.InboxDead),
        Gauge("v7sync.outbox.pending", "{change}", "Plan changes waiting to be pushed to DART (dart_outbox; 0 until it exists)", f => f.OutboxPending),
        Gauge("v7sync.outbox.dead", "{change}", "Plan changes DART refused for good (dart_outbox; 0 until it exists)", f => f.OutboxDead),
        V7SyncTelemetry.Meter.CreateObservableGauge<long>("v7sync.ready",
            () => Observe<long>(g => [new(g.Figures.Ready ? 1 : 0)], unreachableToo: true),
            unit: null, description: "1 while /healthz/ready passes (database reachable and migrated), else 0"),
        V7SyncTelemetry.Meter.CreateObservableGauge<long>("v7sync.open_findings",
            () => Observe<long>(g => g.Figures.OpenFindings.Select(f => new Measurement<long>(f.Value, new KeyValuePair<string, object?>("rule", f.Key)))),
            "{finding}", "Open findings in v7_sync_findings, by rule"),
    ];

    private static readonly ObservableGauge<double>[] Seconds =
    [
        V7SyncTelemetry.Meter.CreateObservableGauge<double>("v7sync.poll.last_success_age",
            () => Observe<double>(g => [new((g.Now - (g.Figures.LastPollSuccess ?? g.Self.Snapshot.StartedAt)).TotalSeconds)]),
            "s", "Seconds since a sync cycle last succeeded (any replica; since this process started when none ever did)"),
        V7SyncTelemetry.Meter.CreateObservableGauge<double>("v7sync.watermark.lag",
            () => Observe<double>(g => g.Figures.Watermark is { } watermark ? [new((g.Now - watermark).TotalSeconds)] : []),
            "s", "Seconds between now and the newest DART updatedAt fully applied (grows in a quiet workspace too)"),
        V7SyncTelemetry.Meter.CreateObservableGauge<double>("v7sync.poll.interval",
            () => Observe<double>(g => [new(g.Self.PollInterval.TotalSeconds)], unreachableToo: true),
            "s", "Dart:PollInterval, for alerts that count in poll intervals"),
    ];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Counts.Length + Seconds.Length; // created with the type: once per process, whichever host attaches
        _attached = this;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _attached, null, this);
        return Task.CompletedTask;
    }

    private static ObservableGauge<long> Gauge(string name, string unit, string description, Func<OperationsFigures, long> value) =>
        V7SyncTelemetry.Meter.CreateObservableGauge<long>(name, () => Observe<long>(g => [new(value(g.Figures))]), unit, description);

    /// <summary>Nothing to report without a serving host, or (except readiness and settings) while the database is away.</summary>
    private static IEnumerable<Measurement<T>> Observe<T>(Func<Reading, IEnumerable<Measurement<T>>> measure, bool unreachableToo = false)
        where T : struct
    {
        if (_attached is not { } self)
        {
            return [];
        }

        var figures = self.Snapshot.Current;
        return figures.Reachable || unreachableToo ? measure(new Reading(self, figures, self.Now)) : [];
    }

    private sealed record Reading(OperationsGauges Self, OperationsFigures Figures, DateTimeOffset Now);
}
