using Npgsql;
using V7Sync.Tracking;

namespace V7Sync.Webhooks;

/// <summary>
/// The inbox's upkeep, apart from its hot path (<see cref="WebhookInbox"/>): pruning old raw bodies (RetentionJob),
/// and the conductor's `v7sync inbox list` and `inbox replay` of dead rows.
/// </summary>
internal sealed class InboxMaintenance(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Rows changed per statement, so no run holds one long transaction.</summary>
    public const int Slice = 10_000;

    /// <summary>What <see cref="ListAsync"/> shows by default: every row that is not finished.</summary>
    private static readonly string[] Unfinished = [InboxStatus.Pending, InboxStatus.Processing, InboxStatus.Dead];

    /// <summary>
    /// Drops the raw body of rows processed, ignored or superseded before <paramref name="before"/>. The body hash and
    /// the dedupe key stay (both are unique indexes), so DART re-sending such a delivery is still answered as a duplicate.
    /// A row processed before the date arrived before it: the index on received_at finds them (migration 013).
    /// </summary>
    public async Task<long> PruneBodiesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            await using var command = dataSource.CreateCommand(
                """
                UPDATE dart_webhook_inbox SET raw_body = NULL
                WHERE id IN (SELECT id FROM dart_webhook_inbox
                             WHERE raw_body IS NOT NULL AND received_at < $1 AND status = ANY($2) AND processed_at < $1
                             ORDER BY received_at LIMIT $3)
                """);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = before });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [InboxStatus.Processed, InboxStatus.Ignored, InboxStatus.Superseded] });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Slice });
            var pruned = await command.ExecuteNonQueryAsync(cancellationToken);
            total += pruned;
            if (pruned < Slice)
            {
                return total;
            }
        }
    }

    /// <summary>The newest rows that are not finished (pending, processing, dead), or only the dead ones.</summary>
    public async Task<IReadOnlyList<InboxRow>> ListAsync(bool deadOnly, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, received_at, status, event_type, dart_task_id, attempts, last_error
            FROM dart_webhook_inbox WHERE status = ANY($1) ORDER BY id DESC LIMIT $2
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = deadOnly ? [InboxStatus.Dead] : Unfinished });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var rows = new List<InboxRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new InboxRow(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }

    /// <summary>
    /// Puts dead rows back to pending, due now, their attempts reset (one row, or every dead one when
    /// <paramref name="id"/> is null), and audits each as inbox_replayed (source cli) in the same statement.
    /// </summary>
    public async Task<IReadOnlyList<InboxRow>> ReplayAsync(long? id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH replayed AS (
                UPDATE dart_webhook_inbox
                SET status = 'pending', attempts = 0, next_attempt_at = $2, locked_until = NULL, claim_token = NULL, processed_at = NULL
                WHERE status = 'dead' AND raw_body IS NOT NULL AND ($1::bigint IS NULL OR id = $1)
                RETURNING id, received_at, event_type, dart_task_id, last_error),
            audited AS (
                INSERT INTO v7_sync_audit (occurred_at, source, action, dart_task_id, field, old_value, new_value, detail)
                SELECT $2, $3, $4, dart_task_id, 'status', 'dead', 'pending',
                       jsonb_build_object('inbox_id', id, 'event_type', event_type, 'last_error', last_error)
                FROM replayed)
            SELECT id, received_at, event_type, dart_task_id, last_error FROM replayed ORDER BY id
            """);
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AuditSources.Cli });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = AuditActions.InboxReplayed });
        var rows = new List<InboxRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new InboxRow(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), InboxStatus.Pending,
                reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), 0,
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return rows;
    }
}

/// <summary>One inbox row as the conductor sees it (`v7sync inbox list`).</summary>
internal sealed record InboxRow(long Id, DateTimeOffset ReceivedAt, string Status, string? EventType, string? DartTaskId, int Attempts, string? LastError);
