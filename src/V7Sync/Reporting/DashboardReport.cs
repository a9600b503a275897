using System.Text.Json;
using Npgsql;
using V7Sync.Analytics;

namespace V7Sync.Cli;

/// <summary>One block of the dashboard: a titled table read by one SQL query (columns named as SQL returns them).</summary>
internal sealed record DashboardSection(string Key, string Title, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool SingleRow)
{
    /// <summary>
    /// The columns the console shows, each with a short header; null means every column under its SQL name.
    /// JSON always carries every column under its SQL name.
    /// </summary>
    public IReadOnlyList<(string Column, string Header)>? TextColumns { get; init; }

    /// <summary>The rows as JSON objects keyed by column name (an object for a one-row section, else an array).</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WritePropertyName(Key);
        if (SingleRow)
        {
            WriteRow(writer, Rows.Count > 0 ? Rows[0] : new object?[Columns.Count]);
            return;
        }

        writer.WriteStartArray();
        foreach (var row in Rows)
        {
            WriteRow(writer, row);
        }

        writer.WriteEndArray();
    }

    private void WriteRow(Utf8JsonWriter writer, object?[] row)
    {
        writer.WriteStartObject();
        for (var c = 0; c < Columns.Count; c++)
        {
            writer.WritePropertyName(Columns[c]);
            WriteValue(writer, row[c]);
        }

        writer.WriteEndObject();
    }

    /// <summary>Values as they are: whole text (no console cut), numbers as numbers, times as UTC ISO 8601.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                break;
            case DateTime t:
                writer.WriteStringValue(new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero));
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(t.ToUniversalTime());
                break;
            case int or long or short or decimal or double or float:
                writer.WriteRawValue(TextTable.Format(value));
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}

/// <summary>
/// Reads the conductor's dashboards from the tracking database: the guide's own queries (§4.1–4.3) as written,
/// the open findings, the sync's health, and the analytics' forecast and risk per phase. Read-only, one snapshot;
/// with a clock, the analytics views count "today" from it (AnalyticsSession).
/// </summary>
internal sealed class DashboardReport(NpgsqlDataSource dataSource, TimeProvider? clock = null)
{
    public const int FindingsShown = 25;

    public async Task<IReadOnlyList<DashboardSection>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var session = await AnalyticsSession.BeginAsync(connection, clock?.GetUtcNow(), cancellationToken);
        var sections = new List<DashboardSection>();
        foreach (var (key, title, sql, single) in Queries)
        {
            var section = await ReadAsync(connection, key, title, sql, single, cancellationToken);
            sections.Add(TextColumnsOf.TryGetValue(key, out var text) ? section with { TextColumns = text } : section);
        }

        return sections;
    }

    private static async Task<DashboardSection> ReadAsync(NpgsqlConnection connection, string key, string title, string sql, bool single, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i, cancellationToken) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return new DashboardSection(key, title, columns, rows, single);
    }

    /// <summary>
    /// The executive table on the console: eleven of the view's columns under short headers, to fit a terminal.
    /// started_at, completed_at and updated_at are left out there only; JSON has every column of the view.
    /// </summary>
    private static readonly (string Column, string Header)[] ExecutiveText =
    [
        ("phase_number", "phase"), ("phase_name", "name"), ("status", "status"), ("approval_status", "approval"),
        ("lead_persona", "lead"), ("total_tasks", "tasks"), ("completed_tasks", "done"), ("in_progress_tasks", "doing"),
        ("blocked_tasks", "blocked"), ("percent_complete", "% done"), ("blocker_count", "blockers"),
    ];

    /// <summary>The analytics blocks on the console: the figures to act on; JSON has every column of each view.</summary>
    private static readonly Dictionary<string, (string Column, string Header)[]> TextColumnsOf = new(StringComparer.Ordinal)
    {
        ["executive"] = ExecutiveText,
        ["forecast"] =
        [
            ("phase_number", "phase"), ("phase_name", "name"), ("remaining_tasks", "remaining"), ("weekly_throughput", "per week (4 wk)"),
            ("estimated_completion", "estimate"), ("estimated_completion_week_ago", "a week ago"), ("slip_days", "slip (days)"),
        ],
        ["phaseRisk"] =
        [
            ("phase_number", "phase"), ("phase_name", "name"), ("risk_score", "risk"), ("enum_points", "enums"), ("impact_points", "impacts"),
            ("blocker_points", "blockers"), ("blocked_points", "blocked"), ("stale_points", "stale"), ("test_points", "tests"),
            ("finding_points", "findings"), ("slip_points", "slip"),
        ],
    };

    private static readonly (string Key, string Title, string Sql, bool Single)[] Queries =
    [
        ("executive", "Executive dashboard (v7_migration_dashboard)",
            // The guide's §4.1, as written.
            "SELECT * FROM v7_migration_dashboard", false),
        // The guide's §4.1 "current phase details", as written.
        ("currentPhase", "Current phase",
            """
            SELECT
                phase_name,
                status,
                lead_persona,
                EXTRACT(DAY FROM (CURRENT_TIMESTAMP - started_at)) as days_in_progress,
                jsonb_array_length(blockers) as blocker_count
            FROM v7_migration_workflow
            WHERE status = 'in_progress'
            """, false),
        // The guide's §4.2 daily status report, as written.
        ("dailyStatus", "Daily status report",
            """
            WITH daily_metrics AS (
                SELECT
                    (SELECT COUNT(*) FROM v7_migration_workflow WHERE status = 'completed') as phases_complete,
                    (SELECT COUNT(*) FROM v7_subworkflow_tasks
                     WHERE DATE(completed_at) = CURRENT_DATE) as tasks_completed_today,
                    (SELECT COUNT(*) FROM file_audit
                     WHERE v7_workflow_status = 'migrated'
                     AND DATE(updated_at) = CURRENT_DATE) as files_migrated_today,
                    (SELECT COUNT(*) FROM v7_subworkflow_tasks
                     WHERE status = 'blocked') as active_blockers
            )
            SELECT
                phases_complete || '/7 phases' as phase_progress,
                tasks_completed_today || ' tasks' as today_completions,
                files_migrated_today || ' files' as today_migrations,
                active_blockers || ' blockers' as current_blockers
            FROM daily_metrics
            """, true),
        // The guide's §4.3 risk dashboard, as written; the outer SELECT only reads the risk ENUM as text.
        ("risk", "Risk dashboard (high and critical, not done)",
            """
            SELECT category, count, highest_risk::text AS highest_risk FROM (
                SELECT
                    'ENUMs' as category,
                    COUNT(*) as count,
                    MAX(risk_level) as highest_risk
                FROM v7_enum_migrations
                WHERE status != 'implemented'
                AND risk_level IN ('high', 'critical')

                UNION ALL

                SELECT
                    'Global Impacts',
                    COUNT(*),
                    MAX(risk_assessment)
                FROM v7_global_impacts
                WHERE approval_status = 'pending'
                AND risk_assessment IN ('high', 'critical')
            ) risk
            """, false),
        ("findingsByRule", "Open findings by rule",
            """
            SELECT rule, COUNT(*) AS open, MIN(first_seen_at) AS oldest, MAX(last_seen_at) AS last_seen
            FROM v7_open_findings
            GROUP BY rule
            ORDER BY COUNT(*) DESC, rule
            """, false),
        ("openFindings", $"Open findings (oldest {FindingsShown})",
            $"""
            SELECT rule, work_order, task_name, dart_task_id, message, first_seen_at
            FROM v7_open_findings
            ORDER BY first_seen_at, id
            LIMIT {FindingsShown}
            """, false),
        ("forecast", "Forecast per open phase (v7_phase_forecast; `v7sync forecast` for p50/p85/p95)",
            // Dates as ISO text: the console and JSON print them as the view does.
            """
            SELECT phase_number, phase_name, status, remaining_tasks, completed_last_4_weeks, weekly_throughput,
                   estimated_completion::text, remaining_week_ago, weekly_throughput_week_ago,
                   estimated_completion_week_ago::text, slip_days, completions_by_week
            FROM v7_phase_forecast
            """, false),
        ("phaseRisk", "Risk score per phase, 0-100, by part (v7_phase_risk)",
            "SELECT * FROM v7_phase_risk ORDER BY phase_number", false),
        ("syncHealth", "Sync health",
            """
            SELECT s.last_success_at AS last_successful_poll, s.watermark, s.last_run_started_at, s.last_full_sync_at,
                   s.last_tasks_seen, s.last_error_at, s.last_error,
                   (SELECT COUNT(*) FROM dart_webhook_inbox WHERE status IN ('pending', 'processing')) AS inbox_pending,
                   (SELECT COUNT(*) FROM dart_webhook_inbox WHERE status = 'dead') AS inbox_dead,
                   (SELECT MAX(received_at) FROM dart_webhook_inbox) AS last_webhook_at
            FROM (SELECT 1) AS one
            LEFT JOIN dart_sync_state s ON s.stream = 'poll'
            """, true),
    ];
}
