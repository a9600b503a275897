using Npgsql;

namespace V7Sync.Analytics;

/// <summary>Reads the report's data from the views in one snapshot, and runs the forecast on the same snapshot.</summary>
internal sealed class ReportReader(NpgsqlDataSource dataSource)
{
    public async Task<ReportData> ReadAsync(DateTimeOffset now, ForecastSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var session = await AnalyticsSession.BeginAsync(connection, now, cancellationToken);

        var phases = await ReadAsync(connection, AnalyticsSql.ReportRisk, null, r => new PhaseRisk(
            r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt32(3), [.. Enumerable.Range(4, RiskParts.All.Count).Select(r.GetInt32)]), cancellationToken);
        var burndown = await ReadAsync(connection, AnalyticsSql.ReportBurndown, null, r => new BurndownDay(
            r.GetInt32(0), r.GetFieldValue<DateOnly>(1), r.GetInt32(2), r.GetInt32(3)), cancellationToken);
        var velocity = await ReadAsync(connection, AnalyticsSql.ReportVelocity, null, r => new WeekCompletions(
            r.GetFieldValue<DateOnly>(0), r.GetString(1), r.GetInt32(2)), cancellationToken);
        var cycleTimes = await ReadAsync(connection, AnalyticsSql.ReportCycleTimes, ("cap", ReportData.CycleTimeCapDays), r => new CycleTimeBucket(
            r.GetInt32(0), r.GetInt32(1)), cancellationToken);
        var total = 0;
        var findings = await ReadAsync(connection, AnalyticsSql.ReportFindings, ("limit", ReportData.FindingsShown), r =>
        {
            total = (int)r.GetInt64(5);
            return new ReportFinding(r.GetString(0), Text(r, 1), Text(r, 2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4));
        }, cancellationToken);
        var audit = await ReadAsync(connection, AnalyticsSql.ReportAudit, ("limit", ReportData.AuditRowsShown), r => new ReportAuditRow(
            r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetString(2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6), Text(r, 7)), cancellationToken);
        var forecast = await Forecaster.ForecastAsync(connection, now, settings, cancellationToken);
        return new ReportData(now, phases, burndown, velocity, cycleTimes, total, findings, audit, forecast);
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, (string Name, int Value)? parameter,
        Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is { } p)
        {
            command.Parameters.AddWithValue(p.Name, p.Value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
