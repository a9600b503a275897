using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Hosting;
using V7Sync.Tracking;

namespace V7Sync.Webhooks;

/// <summary>
/// dart_webhook_inbox with raw SQL: store a delivery once (the unique dedupe key and body hash decide), claim rows
/// with FOR UPDATE SKIP LOCKED under a lease so replicas share the work and a crashed claimer's rows come back,
/// and record how each row ended. What is due is read from dart_webhook_inbox_queue, which a trigger keeps
/// (migration 013): no index of the inbox names a column a claim or an outcome changes, so both are HOT updates.
/// Timestamps come from the injected clock. Only the stores wait for the WAL flush (DART is answered after them);
/// claims and outcomes are redone from the rows if a crash loses them (<see cref="ReplayableCommit"/>).
/// </summary>
internal sealed class WebhookInbox(NpgsqlDataSource dataSource, IOptions<WebhooksOptions> options, TimeProvider time) : IDisposable
{
    private readonly InboxGroupCommit _groupCommit = new(entries => AddMany(dataSource, time, entries));

    /// <summary>
    /// Stores the delivery and commits (together with the deliveries that arrive meanwhile, see
    /// <see cref="InboxGroupCommit"/>); false when it was already stored (a duplicate delivery).
    /// </summary>
    public Task<bool> AddAsync(InboxEntry entry, CancellationToken cancellationToken) =>
        _groupCommit.AddAsync(entry, cancellationToken);

    public void Dispose() => _groupCommit.Dispose();

    /// <summary>
    /// One statement for the lot, rows in arrival order. ON CONFLICT skips a delivery already stored (its dedupe key
    /// or its body), earlier in this batch included; RETURNING names the bodies stored, which says whose were.
    /// Synchronous: it runs on the group commit's own thread (<see cref="InboxGroupCommit"/> says why).
    /// </summary>
    private static bool[] AddMany(NpgsqlDataSource dataSource, TimeProvider time, IReadOnlyList<InboxEntry> entries)
    {
        var now = time.GetUtcNow();
        var hashes = entries.Select(e => Convert.ToHexStringLower(SHA256.HashData(e.RawBody))).ToArray();
        using var command = dataSource.CreateCommand(
            """
            INSERT INTO dart_webhook_inbox
                (received_at, next_attempt_at, event_type, dart_task_id, dart_updated_at, dedupe_key,
                 body_sha256, raw_body, status, processed_at, last_error)
            SELECT $1, $1, e.event_type, e.dart_task_id, e.dart_updated_at, e.dedupe_key,
                   e.body_sha256, e.raw_body, e.status, CASE WHEN e.status = 'pending' THEN NULL ELSE $1 END, e.note
            FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::bytea[], $8::text[], $9::text[])
                WITH ORDINALITY AS e(event_type, dart_task_id, dart_updated_at, dedupe_key, body_sha256, raw_body, status, note, n)
            ORDER BY e.n
            ON CONFLICT DO NOTHING
            RETURNING body_sha256
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.EventType)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.DartTaskId)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = [.. entries.Select(e => e.DartUpdatedAt?.ToUniversalTime())] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.DedupeKey)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = hashes });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. entries.Select(e => e.RawBody)] });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. entries.Select(e => e.Status)] });
        command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = [.. entries.Select(e => e.Note)] });

        var storedBodies = new HashSet<string>(StringComparer.Ordinal);
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                storedBodies.Add(reader.GetString(0));
            }
        }

        // A body is stored once (by its dedupe key, which is read from it, or by its hash when it has none): a stored
        // body was stored by its first delivery in this batch.
        return [.. hashes.Select(storedBodies.Remove)];
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> rows that are due: pending ones, and processing ones whose claimer's
    /// lease ran out. Each claim counts as an attempt; a row whose lease runs out with its attempts used up goes
    /// dead in the same statement instead, so a row that crashes every processor cannot be claimed for ever. Every
    /// row taken carries <paramref name="token"/>: if the reply is lost, <see cref="ReclaimAsync"/> finds them by it.
    /// </summary>
    public async Task<InboxClaim> ClaimAsync(int limit, Guid token, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var batch = ReplayableCommit.Batch(dataSource,
            """
            WITH due AS (
                SELECT i.id, i.status = 'processing' AND i.attempts >= $4 AS abandoned
                FROM dart_webhook_inbox_queue q JOIN dart_webhook_inbox i ON i.id = q.inbox_id
                WHERE q.due_at <= $1
                ORDER BY q.due_at, q.inbox_id
                LIMIT $3
                FOR UPDATE OF q, i SKIP LOCKED)
            UPDATE dart_webhook_inbox AS i
            SET status = CASE WHEN due.abandoned THEN 'dead' ELSE 'processing' END,
                attempts = i.attempts + CASE WHEN due.abandoned THEN 0 ELSE 1 END,
                locked_until = CASE WHEN due.abandoned THEN NULL ELSE $2 END,
                claim_token = CASE WHEN due.abandoned THEN NULL ELSE $5 END,
                processed_at = CASE WHEN due.abandoned THEN $1 ELSE i.processed_at END,
                last_error = CASE WHEN due.abandoned
                    THEN 'Claimed ' || i.attempts || ' times (Webhooks:MaxAttempts) and the last claim''s lease expired '
                         || 'without an outcome (processor crashed?)' || COALESCE('; the error before: ' || i.last_error, '')
                    ELSE i.last_error END
            FROM due
            WHERE i.id = due.id
            RETURNING i.id, i.event_type, i.dart_task_id, i.dart_updated_at,
                      CASE WHEN due.abandoned THEN NULL ELSE i.raw_body END, i.attempts, i.received_at, due.abandoned
            """,
            new NpgsqlParameter<DateTimeOffset> { TypedValue = now },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = now + options.Value.ClaimLease },
            new NpgsqlParameter<int> { TypedValue = limit },
            new NpgsqlParameter<int> { TypedValue = options.Value.MaxAttempts },
            new NpgsqlParameter<Guid> { TypedValue = token });
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadClaimAsync(reader, token, cancellationToken);
    }

    /// <summary>
    /// The rows a claim whose reply never arrived still holds (the statement committed, the connection died before
    /// the answer came back): taken as that claim, at once, instead of after the lease. None when it did not commit.
    /// </summary>
    public async Task<InboxClaim> ReclaimAsync(Guid token, CancellationToken cancellationToken)
    {
        // Through the queue: the inbox has no index on the token, and every processing row is queued.
        await using var command = dataSource.CreateCommand(
            """
            SELECT i.id, i.event_type, i.dart_task_id, i.dart_updated_at, i.raw_body, i.attempts, i.received_at, false
            FROM dart_webhook_inbox_queue q JOIN dart_webhook_inbox i ON i.id = q.inbox_id
            WHERE i.claim_token = $1 AND i.status = 'processing'
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = token });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadClaimAsync(reader, token, cancellationToken);
    }

    /// <summary>Keeps a claim's rows while its batch runs: the lease can be short and still outlast a long batch.</summary>
    public async Task RenewAsync(Guid token, CancellationToken cancellationToken)
    {
        // Through the queue, as the reclaim; the queue's due time follows the new lease by trigger.
        await using var batch = ReplayableCommit.Batch(dataSource,
            """
            UPDATE dart_webhook_inbox AS i SET locked_until = $2 FROM dart_webhook_inbox_queue q
            WHERE i.id = q.inbox_id AND i.claim_token = $1 AND i.status = 'processing'
            """,
            new NpgsqlParameter<Guid> { TypedValue = token },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() + options.Value.ClaimLease });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<InboxClaim> ReadClaimAsync(NpgsqlDataReader reader, Guid token, CancellationToken cancellationToken)
    {
        var abandoned = new List<long>();
        var claimed = new List<ClaimedEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetBoolean(7))
            {
                abandoned.Add(reader.GetInt64(0));
                continue;
            }

            claimed.Add(new ClaimedEvent(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<byte[]>(4),
                reader.GetInt32(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        // RETURNING comes in no particular order; hand rows on in the order they arrived.
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new InboxClaim(claimed, abandoned, token);
    }

    /// <summary>
    /// Records the outcomes in one statement. A failed row goes back to pending with exponential backoff, or to
    /// dead (error kept) when its attempts are used up or the error is permanent. Returns the rows that went dead.
    /// </summary>
    public async Task<int> FinishAsync(IReadOnlyList<EventOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return 0;
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        await using var batch = ReplayableCommit.Batch(dataSource,
            """
            UPDATE dart_webhook_inbox AS i
            SET status = CASE WHEN o.status = 'pending' AND i.attempts >= $5 THEN 'dead' ELSE o.status END,
                next_attempt_at = o.next_attempt_at,
                processed_at = CASE WHEN o.status = 'pending' AND i.attempts < $5 THEN NULL ELSE $6 END,
                locked_until = NULL,
                claim_token = NULL,
                last_error = o.note,
                superseded_by = o.superseded_by
            FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $7::timestamptz[], $8::timestamptz[])
                AS o(id, attempts, status, note, next_attempt_at, superseded_by)
            WHERE i.id = o.id AND i.attempts = o.attempts AND i.status = 'processing'
            RETURNING i.status
            """,
            new NpgsqlParameter<long[]> { TypedValue = outcomes.Select(o => o.Event.Id).ToArray() },
            new NpgsqlParameter<int[]> { TypedValue = outcomes.Select(o => o.Event.Attempts).ToArray() },
            new NpgsqlParameter<string[]> { TypedValue = outcomes.Select(o => o.Status).ToArray() },
            new NpgsqlParameter<string?[]> { TypedValue = outcomes.Select(o => o.Note).ToArray() },
            new NpgsqlParameter<int> { TypedValue = settings.MaxAttempts },
            new NpgsqlParameter<DateTimeOffset> { TypedValue = now },
            new NpgsqlParameter<DateTimeOffset[]> { TypedValue = outcomes.Select(o => o.Failed ? now + Backoff(o.Event.Attempts, settings) : now).ToArray() },
            new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = outcomes.Select(o => o.SupersededBy).ToArray() });
        var dead = 0;
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            dead += reader.GetString(0) == InboxStatus.Dead ? 1 : 0;
        }

        return dead;
    }

    /// <summary>
    /// Hands claimed rows back unapplied (a processor shutting down): pending, unlocked and due at once, the claim's
    /// attempt taken back, so they neither wait for the lease to run out nor count a try that never happened.
    /// </summary>
    public async Task ReleaseAsync(IReadOnlyList<ClaimedEvent> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var batch = ReplayableCommit.Batch(dataSource,
            """
            UPDATE dart_webhook_inbox AS i
            SET status = 'pending', attempts = i.attempts - 1, locked_until = NULL, claim_token = NULL
            FROM unnest($1::bigint[], $2::integer[]) AS o(id, attempts)
            WHERE i.id = o.id AND i.attempts = o.attempts AND i.status = 'processing'
            """,
            new NpgsqlParameter<long[]> { TypedValue = rows.Select(r => r.Id).ToArray() },
            new NpgsqlParameter<int[]> { TypedValue = rows.Select(r => r.Attempts).ToArray() });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>InitialBackoff doubled for each attempt after the first, capped at MaxBackoff.</summary>
    public static TimeSpan Backoff(int attempts, WebhooksOptions settings) =>
        RetryBackoff.After(attempts, settings.InitialBackoff, settings.MaxBackoff);
}
