using System.Reflection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using V7Sync.Hosting;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Operations;

/// <summary>
/// The figures behind the gauges, read cheaply: one round trip (the function v7_operations_snapshot of migration 007
/// and the open findings by rule) plus the readiness checks, at most once every few seconds however often Prometheus
/// scrapes, each part bounded in time so a scrape never hangs on a database that is away.
/// </summary>
internal sealed class OperationsSnapshot(
    NpgsqlDataSource dataSource, HealthCheckService health, PollHeartbeat heartbeat, TimeProvider time, ILogger<OperationsSnapshot> logger)
{
    /// <summary>How long one reading serves the scrapes that follow (several replicas, several Prometheus servers).</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Every rule of v7_sync_findings, so each has its series (0 when none is open) and an alert can name it.</summary>
    private static readonly string[] Rules = [.. typeof(FindingRules).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    private readonly Lock _gate = new();
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private OperationsFigures? _figures;

    /// <summary>When nothing ever succeeded, the poll's age counts from this process's start.</summary>
    public DateTimeOffset StartedAt => _startedAt;

    /// <summary>The latest reading, read again when older than <see cref="KeptFor"/>. Called from the gauges' callbacks, which are synchronous.</summary>
    public OperationsFigures Current
    {
        get
        {
            lock (_gate)
            {
                if (_figures is null || time.GetUtcNow() - _figures.ReadAt >= KeptFor)
                {
                    _figures = ReadAsync(CancellationToken.None).GetAwaiter().GetResult();
                }

                return _figures;
            }
        }
    }

    public async Task<OperationsFigures> ReadAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        var now = time.GetUtcNow();
        bool ready;
        try
        {
            ready = (await health.CheckHealthAsync(HostingExtensions.IsReadinessCheck, timeout.Token)).Status != HealthStatus.Unhealthy;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ready = false;
        }

        try
        {
            return await ReadFiguresAsync(ready, now, timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Readiness (and its episode logs) say the database is away; a scrape adds nothing to that.
            logger.FiguresUnreadable(ex.Message);
            return OperationsFigures.Unreachable(now) with { Ready = false };
        }
    }

    private async Task<OperationsFigures> ReadFiguresAsync(bool ready, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT inbox_pending, inbox_dead, outbox_pending, outbox_dead, last_success_at, watermark FROM v7_operations_snapshot()"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT rule, count(*) FROM v7_sync_findings WHERE status = 'open' GROUP BY rule"));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (inboxPending, inboxDead, outboxPending, outboxDead) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        var lastSuccess = reader.IsDBNull(4) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(4);
        var watermark = reader.IsDBNull(5) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(5);
        await reader.NextResultAsync(cancellationToken);
        var findings = Rules.ToDictionary(rule => rule, _ => 0L, StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            findings[reader.GetString(0)] = reader.GetInt64(1);
        }

        var polled = Later(heartbeat.LastSuccess, lastSuccess);
        return new OperationsFigures(true, ready, inboxPending, inboxDead, outboxPending, outboxDead, polled, watermark, findings, now);
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
