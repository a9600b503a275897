using System.Diagnostics.Metrics;
using V7Sync.Hosting;

namespace V7Sync.Sync;

/// <summary>Counters for what the reconciler does, tagged by source (poll, webhook, resync, …).</summary>
internal static class SyncMetrics
{
    private static readonly Counter<long> Snapshots = V7SyncTelemetry.Meter.CreateCounter<long>("v7sync.sync.snapshots", description: "DART task snapshots reconciled");
    private static readonly Counter<long> TasksChanged = V7SyncTelemetry.Meter.CreateCounter<long>("v7sync.sync.tasks_changed", description: "Work orders changed");
    private static readonly Counter<long> AuditRows = V7SyncTelemetry.Meter.CreateCounter<long>("v7sync.sync.audit_rows", description: "Audit rows written");
    private static readonly Counter<long> Superseded = V7SyncTelemetry.Meter.CreateCounter<long>("v7sync.sync.superseded", "{snapshot}",
        "Snapshots older than the applied version, or that version again: they change nothing and are not audited");

    public static void Record(ReconcileSummary summary, string source)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        Snapshots.Add(summary.Snapshots, tag);
        TasksChanged.Add(summary.TasksChanged, tag);
        AuditRows.Add(summary.AuditRows, tag);
        Superseded.Add(summary.Superseded.Count, tag);
    }
}
