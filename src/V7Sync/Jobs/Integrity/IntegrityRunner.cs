using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using V7Sync.Dart;
using V7Sync.Hosting;

namespace V7Sync.Jobs.Integrity;

/// <summary>
/// Runs integrity rules against the tracking database: one statement per rule, each its own transaction, so one
/// failing rule is logged and the others still run. "Now" comes from the injected <see cref="TimeProvider"/> and the
/// stale threshold from Jobs:StaleAfter, never from the database clock, so tests can move time.
/// </summary>
internal sealed class IntegrityRunner(
    NpgsqlDataSource dataSource,
    IEnumerable<IIntegrityRule> rules,
    TimeProvider time,
    IOptions<JobsOptions> options,
    IConfiguration configuration,
    ILogger<IntegrityRunner> logger)
{
    /// <summary>
    /// Dart:PersonaAssignees as the rules compare it: persona lower-cased → DART user. Bound from the configuration
    /// rather than the validated DartOptions: `v7sync check` runs the rules without DART, and so without its token.
    /// </summary>
    private readonly string _personaAssignees = JsonSerializer.Serialize(
        (configuration.GetSection($"{DartOptions.Section}:{nameof(DartOptions.PersonaAssignees)}").Get<Dictionary<string, string>>() ?? [])
        .GroupBy(p => p.Key.ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First().Value));

    public IReadOnlyList<IIntegrityRule> All { get; } = rules.ToList();

    public IIntegrityRule Rule(string name) => All.Single(r => r.Name == name);

    public Task<IntegrityReport> RunAllAsync(string source, CancellationToken cancellationToken) =>
        RunAsync(All, source, cancellationToken);

    public async Task<IntegrityReport> RunAsync(IEnumerable<IIntegrityRule> which, string source, CancellationToken cancellationToken)
    {
        using var activity = V7SyncTelemetry.ActivitySource.StartActivity("jobs.integrity");
        var now = time.GetUtcNow();
        var staleBefore = now - options.Value.StaleAfter;
        var started = Stopwatch.GetTimestamp();
        var outcomes = new List<RuleOutcome>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await DisableJitAsync(connection, cancellationToken);
        foreach (var rule in which)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcomes.Add(await RunRuleAsync(connection, rule, now, staleBefore, source, cancellationToken));
        }

        var report = new IntegrityReport(outcomes, outcomes.Count + 1, Stopwatch.GetElapsedTime(started));
        logger.RulesRan(outcomes.Count, report.Open, report.Opened, report.Resolved, (long)report.Elapsed.TotalMilliseconds);
        return report;
    }

    /// <summary>
    /// The planner's estimates for the recursive and aggregate rules are far above their real cost, which makes
    /// PostgreSQL JIT-compile them: ~300 ms of compiling for a few ms of work. Off for this session only (the pool
    /// resets it when the connection is returned).
    /// </summary>
    private static async Task DisableJitAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SET jit = off", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<RuleOutcome> RunRuleAsync(NpgsqlConnection connection, IIntegrityRule rule, DateTimeOffset now, DateTimeOffset staleBefore, string source,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var command = new NpgsqlCommand(rule.Sql, connection);
            command.Parameters.Add(new NpgsqlParameter("rule", NpgsqlDbType.Text) { Value = rule.Name });
            command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now });
            command.Parameters.Add(new NpgsqlParameter("stale_before", NpgsqlDbType.TimestampTz) { Value = staleBefore });
            command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = source });
            command.Parameters.Add(new NpgsqlParameter("trace_id", NpgsqlDbType.Text) { Value = (object?)V7SyncTelemetry.CurrentTraceId ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("persona_assignees", NpgsqlDbType.Jsonb) { Value = _personaAssignees });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var outcome = new RuleOutcome(rule.Name, reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3),
                Stopwatch.GetElapsedTime(started));
            if (outcome.Opened > 0)
            {
                logger.FindingsOpened(rule.Name, outcome.Opened);
            }

            return outcome;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            logger.RuleFailed(ex, rule.Name);
            return new RuleOutcome(rule.Name, 0, 0, 0, 0, Stopwatch.GetElapsedTime(started), ex.Message);
        }
    }
}
