using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;
using V7Sync.Webhooks;

namespace V7Sync.Jobs;

/// <summary>
/// Daily (Retention:Cron): keeps the database from growing for ever. Finished inbox rows older than
/// Retention:InboxDays lose their raw body (<see cref="InboxMaintenance.PruneBodiesAsync"/>); audit rows older than
/// Retention:AuditDays are deleted only when that is set (0, the default, keeps the audit log for ever).
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RetentionJob(
    InboxMaintenance inbox, NpgsqlDataSource dataSource, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await RunAsync(cancellationToken);

    public async Task<(long Bodies, long AuditRows)> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var bodies = await inbox.PruneBodiesAsync(now.AddDays(-settings.InboxDays), cancellationToken);
        var audit = settings.AuditDays > 0 ? await DeleteAuditAsync(now.AddDays(-settings.AuditDays), cancellationToken) : 0;
        logger.RetentionRan(bodies, settings.InboxDays, audit, settings.AuditDays);
        return (bodies, audit);
    }

    /// <summary>In slices, so a first run over years of rows never holds one long transaction.</summary>
    private async Task<long> DeleteAuditAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(
                "DELETE FROM v7_sync_audit WHERE id IN (SELECT id FROM v7_sync_audit WHERE occurred_at < $1 ORDER BY id LIMIT $2)");
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = before });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = InboxMaintenance.Slice });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
            if (deleted < InboxMaintenance.Slice)
            {
                return total;
            }
        }
    }
}
