using V7Sync.Analytics;

namespace V7Sync.UnitTests.Analytics;

public sealed class HtmlReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Text_From_Dart_And_The_Database_Is_Encoded_Everywhere_It_Appears()
    {
        // Arrange: markup in every text the report prints, as a DART title or a conductor's note could carry it.
        const string script = "<script>alert(1)</script>";
        const string image = "\"><img src=x onerror=alert(1)>";
        const string link = "</td></tr></table><a href=\"http://evil.example/\">x</a>";
        var data = Data(phaseName: script, finding: image, audit: link);

        // Act
        var html = HtmlReport.Render(data);

        // Assert
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a ", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example/\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;a href=&quot;http://evil.example/&quot;&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Velocity_Has_A_Bar_For_Every_Week_Since_The_First_Completion_Including_Empty_Ones()
    {
        // Completions in the weeks of 2026-11-02 and 2026-11-16; today (Tue 2026-12-01) is in the week of 2026-11-30.
        WeekCompletions[] velocity = [new(new DateOnly(2026, 11, 2), "2026-W45", 3), new(new DateOnly(2026, 11, 16), "2026-W47", 1)];

        var weeks = HtmlReport.VelocityWeeks(velocity, new DateOnly(2026, 12, 1));

        Assert.Equal([("2026-W45", 3), ("2026-W46", 0), ("2026-W47", 1), ("2026-W48", 0), ("2026-W49", 0)], weeks);
    }

    [Fact]
    public void Cycle_Times_Have_A_Bar_Per_Day_Up_To_The_Longest_With_The_Capped_Bucket_Last()
    {
        var bars = HtmlReport.CycleTimeBars([new(1, 2), new(3, 1), new(ReportData.CycleTimeCapDays, 4)]);

        Assert.Equal(ReportData.CycleTimeCapDays + 1, bars.Count);
        Assert.Equal(("30+ d", 4), bars[^1]);
        Assert.Equal(("0 d", 0), bars[0]);
        Assert.Equal(("3 d", 1), bars[3]);
    }

    private static ReportData Data(string phaseName, string finding, string audit)
    {
        var subject = new ForecastSubject(1, phaseName, 2, [1, 2]);
        var forecast = Forecaster.Run([subject], subject with { PhaseNumber = null }, Now, new ForecastSettings(Weeks: 2, Trials: 100, Seed: 1));
        return new ReportData(Now,
            [new PhaseRisk(1, phaseName, "in_progress", 12, [0, 0, 5, 5, 0, 0, 2, 0])],
            [new BurndownDay(1, new DateOnly(2026, 11, 30), 3, 3), new BurndownDay(1, new DateOnly(2026, 12, 1), 2, 3)],
            [new WeekCompletions(new DateOnly(2026, 11, 30), "2026-W49", 1)],
            [new CycleTimeBucket(2, 1)],
            1,
            [new ReportFinding("stale_in_progress", "P1.T1", phaseName, finding, Now)],
            [new ReportAuditRow(Now, "webhook", "status_changed", "P1.T1", phaseName, "status", audit, finding)],
            forecast);
    }
}
