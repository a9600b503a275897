using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Hosting;
using V7Sync.Sync;
using V7Sync.Tracking;

namespace V7Sync.Push;

/// <summary>
/// dart_outbox with raw SQL, in the inbox's proven shape (WebhookInbox): claim due rows with FOR UPDATE SKIP LOCKED
/// under a lease, so replicas share the work and a crashed claimer's rows come back; and record how each ended, guarded
/// by the claim's attempt number. A work order's rows go one at a time, in id order: a row is claimed only when no
/// earlier row of its work order is still pending or processing. Timestamps come from the injected clock.
/// </summary>
internal sealed class DartOutbox(NpgsqlDataSource dataSource, IOptions<PushOptions> options, TimeProvider time)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> due rows, each its work order's earliest open one. Each claim counts as an
    /// attempt; a row whose lease ran out with its attempts used up goes dead in the same statement instead.
    /// </summary>
    public async Task<OutboxClaim> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand(
            """
            WITH due AS (
                SELECT o.id, o.status = 'processing' AND o.attempts >= $4 AS abandoned
                FROM dart_outbox o
                WHERE o.status IN ('pending', 'processing') AND o.next_attempt_at <= $1
                  AND (o.locked_until IS NULL OR o.locked_until <= $1)
                  AND NOT EXISTS (SELECT 1 FROM dart_outbox e
                                  WHERE e.task_id = o.task_id AND e.id < o.id AND e.status IN ('pending', 'processing'))
                ORDER BY o.id
                LIMIT $3
                FOR UPDATE OF o SKIP LOCKED)
            UPDATE dart_outbox AS i
            SET status = CASE WHEN due.abandoned THEN 'dead' ELSE 'processing' END,
                attempts = i.attempts + CASE WHEN due.abandoned THEN 0 ELSE 1 END,
                locked_until = CASE WHEN due.abandoned THEN NULL ELSE $2 END,
                processed_at = CASE WHEN due.abandoned THEN $1 ELSE i.processed_at END,
                last_error = CASE WHEN due.abandoned
                    THEN 'Claimed ' || i.attempts || ' times (Push:MaxAttempts) and the last claim''s lease expired '
                         || 'without an outcome (processor crashed?)' || COALESCE('; the error before: ' || i.last_error, '')
                    ELSE i.last_error END
            FROM due
            WHERE i.id = due.id
            RETURNING i.id, i.task_id, i.kind, i.fields, i.changes::text, i.attempts, due.abandoned
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now + options.Value.ClaimLease });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.MaxAttempts });
        var claimed = new List<OutboxRow>();
        var abandoned = new List<OutboxRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            (reader.GetBoolean(6) ? abandoned : claimed).Add(Row(reader));
        }

        // RETURNING comes in no particular order; push in the order the writes were captured.
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return new OutboxClaim(claimed, abandoned);
    }

    /// <summary>
    /// The later pending rows of the claimed rows' work orders (rows claimed are each its work order's earliest open
    /// one). Read BEFORE the work orders themselves: a row seen here was committed with its write, which they then show,
    /// so a push that sends their current values sends these rows' writes too.
    /// </summary>
    public async Task<Dictionary<int, List<OutboxRow>>> LaterRowsAsync(IReadOnlyList<OutboxRow> claimed, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT o.id, o.task_id, o.kind, o.fields, o.changes::text, o.attempts
            FROM dart_outbox o JOIN unnest($1::integer[], $2::bigint[]) AS c(task_id, id) ON o.task_id = c.task_id AND o.id > c.id
            WHERE o.status = 'pending'
            ORDER BY o.id
            """);
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. claimed.Select(r => r.TaskId)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. claimed.Select(r => r.Id)] });
        var later = new Dictionary<int, List<OutboxRow>>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = Row(reader);
            if (!later.TryGetValue(row.TaskId, out var rows))
            {
                later[row.TaskId] = rows = [];
            }

            rows.Add(row);
        }

        return later;
    }

    /// <summary>Renews a claim's lease before its push reaches DART; false when the claim was lost (the lease ran out, another took it).</summary>
    public async Task<bool> RenewAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE dart_outbox SET locked_until = $3 WHERE id = $1 AND attempts = $2 AND status = 'processing'");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = row.Id });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = row.Attempts });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() + options.Value.ClaimLease });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// In the caller's transaction, one statement: each pushed row done with its outcome (guarded by its claim), and the
    /// later rows it covered done with it. Returns the claimed rows recorded; a row missing lost its claim.
    /// </summary>
    public async Task<HashSet<long>> CompleteAsync(TrackingDbContext db, IReadOnlyList<PushOutcome> pushed, CancellationToken cancellationToken)
    {
        if (pushed.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        long[] ids = [.. pushed.Select(o => o.Row.Id)];
        int[] attempts = [.. pushed.Select(o => o.Row.Attempts)];
        string[] outcomes = [.. pushed.Select(o => o.Description)];
        long[] covered = [.. pushed.SelectMany(o => o.Covered)];
        long[] coveredBy = [.. pushed.SelectMany(o => o.Covered.Select(_ => o.Row.Id))];
        var done = await db.Database.SqlQuery<long>($"""
            WITH claimed AS (
                UPDATE dart_outbox o
                SET status = 'done', processed_at = {now}, locked_until = NULL, last_error = NULL, outcome = c.outcome
                FROM unnest({ids}, {attempts}, {outcomes}) AS c(id, attempts, outcome)
                WHERE o.id = c.id AND o.attempts = c.attempts AND o.status = 'processing'
                RETURNING o.id),
            followed AS (
                UPDATE dart_outbox o
                SET status = 'done', processed_at = {now}, outcome = 'sent with #' || c.by
                FROM unnest({covered}, {coveredBy}) AS c(id, by)
                WHERE o.id = c.id AND o.status = 'pending' AND c.by IN (SELECT id FROM claimed)
                RETURNING o.id)
            SELECT id AS "Value" FROM claimed
            """).ToListAsync(cancellationToken);
        return [.. done];
    }

    /// <summary>
    /// In the caller's transaction: failed pushes back to pending with exponential backoff, or dead (DART's answer kept)
    /// when they will not heal or their attempts are used up. Returns the status each went to; a row missing lost its claim.
    /// </summary>
    public async Task<Dictionary<long, string>> FailAsync(TrackingDbContext db, IReadOnlyList<PushOutcome> failed, CancellationToken cancellationToken)
    {
        if (failed.Count == 0)
        {
            return [];
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        long[] ids = [.. failed.Select(o => o.Row.Id)];
        int[] attempts = [.. failed.Select(o => o.Row.Attempts)];
        bool[] permanent = [.. failed.Select(o => o.Failure!.Permanent)];
        string[] errors = [.. failed.Select(o => o.Failure!.Error)];
        string?[] responses = [.. failed.Select(o => o.Failure!.DartResponse)];
        DateTimeOffset[] retryAt = [.. failed.Select(o => now + Backoff(o.Row.Attempts, settings))];
        var rows = await db.Database.SqlQuery<string>($"""
            UPDATE dart_outbox o
            SET status = CASE WHEN f.permanent OR o.attempts >= {settings.MaxAttempts} THEN 'dead' ELSE 'pending' END,
                next_attempt_at = f.retry_at, locked_until = NULL,
                processed_at = CASE WHEN f.permanent OR o.attempts >= {settings.MaxAttempts} THEN {now} END,
                last_error = f.error, dart_response = f.response
            FROM unnest({ids}, {attempts}, {permanent}, {errors}, {responses}, {retryAt}) AS f(id, attempts, permanent, error, response, retry_at)
            WHERE o.id = f.id AND o.attempts = f.attempts AND o.status = 'processing'
            RETURNING o.id || ' ' || o.status AS "Value"
            """).ToListAsync(cancellationToken);
        return rows.Select(r => r.Split(' ', 2)).ToDictionary(r => long.Parse(r[0], CultureInfo.InvariantCulture), r => r[1]);
    }

    /// <summary>Hands claimed rows back unpushed (shutting down): pending and due at once, the claim's attempt taken back.</summary>
    public async Task ReleaseAsync(IReadOnlyList<OutboxRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(
            """
            UPDATE dart_outbox AS i
            SET status = 'pending', attempts = i.attempts - 1, locked_until = NULL
            FROM unnest($1::bigint[], $2::integer[]) AS o(id, attempts)
            WHERE i.id = o.id AND i.attempts = o.attempts AND i.status = 'processing'
            """);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. rows.Select(r => r.Id)] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. rows.Select(r => r.Attempts)] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// `v7sync push --backfill`: a create for every work order that has no DART task and needs one (not cancelled,
    /// deferred or completed) and has no create waiting already; rows that existed before the push get their DART task
    /// only this way, so switching the push on never floods a workspace. Dry: only which rows it would be.
    /// </summary>
    public async Task<IReadOnlyList<(int TaskId, string Key)>> BackfillAsync(bool dryRun, CancellationToken cancellationToken)
    {
        const string Candidates = """
            SELECT t.id, t.parent_phase, t.task_number FROM v7_subworkflow_tasks t
            WHERE NULLIF(t.dart_task_id, '') IS NULL AND NOT v7_needs_no_dart_task(t.status)
              AND NOT EXISTS (SELECT 1 FROM dart_outbox o
                              WHERE o.task_id = t.id AND o.kind = 'create' AND o.status IN ('pending', 'processing'))
            """;
        await using var command = dataSource.CreateCommand(dryRun
            ? $"{Candidates} ORDER BY t.id"
            : $$"""
              WITH candidates AS ({{Candidates}}),
              queued AS (
                  INSERT INTO dart_outbox (task_id, kind, fields, changes)
                  SELECT id, 'create', v7_plan_fields(), '{"backfill": true}'::jsonb FROM candidates ORDER BY id
                  RETURNING task_id)
              SELECT c.id, c.parent_phase, c.task_number FROM candidates c JOIN queued q ON q.task_id = c.id ORDER BY c.id
              """);
        var rows = new List<(int, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt32(0), new WorkOrderKey(reader.GetInt32(1), reader.GetInt32(2)).ToString()));
        }

        return rows;
    }

    /// <summary>The rows a claim could take now (due, their lease free): what a drain splits among its workers.</summary>
    public async Task<long> DueCountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT COUNT(*) FROM dart_outbox
            WHERE status IN ('pending', 'processing') AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The rows still to push (pending or processing): the total a long push counts against.</summary>
    public async Task<long> OpenCountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT COUNT(*) FROM dart_outbox WHERE status IN ('pending', 'processing')");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>InitialBackoff doubled for each attempt after the first, capped at MaxBackoff.</summary>
    public static TimeSpan Backoff(int attempts, PushOptions settings) =>
        RetryBackoff.After(attempts, settings.InitialBackoff, settings.MaxBackoff);

    /// <summary>A row read from the columns id, task_id, kind, fields, changes::text, attempts (in that order).</summary>
    public static OutboxRow Row(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), reader.GetString(4), reader.GetInt32(5));
}
