using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Dart;
using V7Sync.Tracking;

namespace V7Sync.Jobs;

/// <summary>
/// With Jobs:CommentOnStaleTasks, posts one comment on the DART task of each open stale finding that has none yet,
/// then records commented_at in the finding's detail. A post DART fails (<see cref="DartFailure"/>) is retried on
/// the next run; a post that succeeds is never repeated in the same episode (the finding keeps commented_at until it
/// resolves).
/// </summary>
internal sealed class StaleTaskCommenter(
    NpgsqlDataSource dataSource,
    IServiceProvider services,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<StaleTaskCommenter> logger)
{
    public async Task<int> CommentOnNewlyStaleAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CommentOnStaleTasks)
        {
            return 0;
        }

        // Resolved only when asked for: a deployment that never comments needs no DART client for this job.
        var dart = services.GetRequiredService<IDartApi>();
        var posted = 0;
        foreach (var (findingId, dartTaskId, message) in await PendingAsync(cancellationToken))
        {
            try
            {
                var text = $"V7Sync: this task looks stale. {message}. Please update its status, or note what blocks it.";
                await dart.AddCommentAsync(new DartItem<DartCommentCreate>(new DartCommentCreate(dartTaskId, text)), cancellationToken);
                await MarkCommentedAsync(findingId, cancellationToken);
                logger.StaleCommentPosted(dartTaskId);
                posted++;
            }
            catch (Exception ex) when (DartFailure.IsDartFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                // Any DART failure, a transport fault or the open breaker included, leaves this finding for the next run.
                logger.StaleCommentFailed(ex, dartTaskId);
            }
        }

        return posted;
    }

    private async Task<List<(long FindingId, string DartTaskId, string Message)>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, dart_task_id, message FROM v7_sync_findings
            WHERE rule = $1 AND status = 'open' AND dart_task_id IS NOT NULL AND NOT detail ? 'commented_at'
            ORDER BY id
            """);
        command.Parameters.AddWithValue(FindingRules.StaleInProgress);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pending = new List<(long, string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return pending;
    }

    private async Task MarkCommentedAsync(long findingId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE v7_sync_findings SET detail = detail || jsonb_build_object('commented_at', $2::timestamptz) WHERE id = $1");
        command.Parameters.AddWithValue(findingId);
        command.Parameters.AddWithValue(time.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
