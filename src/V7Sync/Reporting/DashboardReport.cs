using Npgsql;
using V7Sync.Analytics;

namespace V7Sync.Reporting;

/// <summary>
/// Reads the conductor's dashboards from the tracking database: the guide's own queries (§4.1–4.3) as written,
/// the open findings, the sync's health, and the analytics' forecast and risk per phase. Read-only, one snapshot;
/// with a clock, the analytics views count "today" from it (AnalyticsSession). Each query is a Reporting/Sql file.
/// </summary>
internal sealed class DashboardReport(NpgsqlDataSource dataSource, TimeProvider? clock = null)
{
    public const int FindingsShown = 25;

    public async Task<IReadOnlyList<DashboardSection>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var session = await AnalyticsSession.BeginAsync(connection, clock?.GetUtcNow(), cancellationToken);
        var sections = new List<DashboardSection>();
        foreach (var query in Queries)
        {
            var section = await ReadAsync(connection, query, cancellationToken);
            sections.Add(TextColumnsOf.TryGetValue(query.Key, out var text) ? section with { TextColumns = text } : section);
        }

        return sections;
    }

    private static async Task<DashboardSection> ReadAsync(NpgsqlConnection connection, Query query, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(query.Sql, connection);
        if (query.Limit is { } limit)
        {
            command.Parameters.AddWithValue("limit", limit);
        }

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

        return new DashboardSection(query.Key, query.Title, columns, rows, query.Single);
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

    /// <summary>One section's query: its JSON key, title, Reporting/Sql file and, for the one query that takes it, its @limit.</summary>
    private sealed record Query(string Key, string Title, string File, bool Single, int? Limit = null)
    {
        public string Sql { get; } = ReportingSql.Read(File);
    }

    private static readonly Query[] Queries =
    [
        new("executive", "Executive dashboard (v7_migration_dashboard)", "dashboard_executive.sql", Single: false),
        new("currentPhase", "Current phase", "dashboard_current_phase.sql", Single: false),
        new("dailyStatus", "Daily status report", "dashboard_daily_status.sql", Single: true),
        new("risk", "Risk dashboard (high and critical, not done)", "dashboard_risk.sql", Single: false),
        new("findingsByRule", "Open findings by rule", "dashboard_findings_by_rule.sql", Single: false),
        new("openFindings", $"Open findings (oldest {FindingsShown})", "dashboard_open_findings.sql", Single: false, Limit: FindingsShown),
        new("forecast", "Forecast per open phase (v7_phase_forecast; `v7sync forecast` for p50/p85/p95)", "dashboard_forecast.sql", Single: false),
        new("phaseRisk", "Risk score per phase, 0-100, by part (v7_phase_risk)", "dashboard_phase_risk.sql", Single: false),
        new("syncHealth", "Sync health", "dashboard_sync_health.sql", Single: true),
    ];
}
