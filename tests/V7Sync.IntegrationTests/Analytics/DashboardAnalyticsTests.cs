using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Reporting;
using static V7Sync.IntegrationTests.Analytics.AnalyticsHistory;

namespace V7Sync.IntegrationTests.Analytics;

/// <summary>`v7sync dashboard` gains the forecast and risk blocks, counted from the injected clock's "now".</summary>
public sealed class DashboardAnalyticsTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Dashboard_Shows_Forecast_And_Risk_Per_Phase_In_Text_And_Json()
    {
        // Arrange
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);
        await using var dataSource = NpgsqlDataSource.Create(db.ConnectionString);

        // Act
        var sections = await new DashboardReport(dataSource, new FakeTimeProvider(Now)).ReadAsync(CancellationToken.None);
        using var text = new StringWriter();
        DashboardOutput.WriteText(text, sections, Now);
        using var json = new StringWriter();
        DashboardOutput.WriteJson(json, sections, Now);
        var root = JsonDocument.Parse(json.ToString()).RootElement;

        // Assert: the figures AnalyticsViewsTests works out by hand, as of 2026-11-25 12:00.
        Assert.Matches(@"\n\s+1\s+Assessment\s+2\s+1\.00\s+2026-12-09\s+2026-12-02\s+7\n", text.ToString());
        Assert.Matches(@"\n\s+-\s+whole migration\s+3\s+1\.25\s+2026-12-12\s+2026-12-16\s+-4\n", text.ToString());
        Assert.Matches(@"\n\s+1\s+Assessment\s+47\s+8\s+3\s+5\s+5\s+5\s+10\s+4\s+7\n", text.ToString());
        var phase1 = root.GetProperty("forecast")[0];
        Assert.Equal("2026-12-09", phase1.GetProperty("estimated_completion").GetString());
        Assert.Equal(7, phase1.GetProperty("slip_days").GetInt32());
        Assert.Equal(0, phase1.GetProperty("completions_by_week")[0].GetInt32());
        Assert.Equal(3, phase1.GetProperty("completions_by_week")[2].GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("forecast")[6].GetProperty("phase_number").ValueKind);
        var risk = root.GetProperty("phaseRisk");
        Assert.Equal(7, risk.GetArrayLength());
        Assert.Equal(47, risk[0].GetProperty("risk_score").GetInt32());
        Assert.Equal(10, risk[0].GetProperty("test_points").GetInt32());
        Assert.Equal(0, risk[6].GetProperty("risk_score").GetInt32());
    }
}
