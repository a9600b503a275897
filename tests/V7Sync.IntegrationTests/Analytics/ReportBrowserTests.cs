using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;
using V7Sync.Analytics;
using V7Sync.IntegrationTests.Infrastructure;
using static V7Sync.IntegrationTests.Analytics.AnalyticsHistory;

namespace V7Sync.IntegrationTests.Analytics;

/// <summary>
/// The HTML report opened in a real headless Chromium (Debian's, driven by Playwright; .ci/run installs it): each
/// chart has as many points or bars as AnalyticsHistory says, the page asks for nothing over any network, and it
/// prints. The page, a screenshot and a PDF are kept under tests/V7Sync.IntegrationTests/TestResults/report/.
/// </summary>
public sealed class ReportBrowserTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    public const string Chromium = "/usr/bin/chromium";

    public static string ArtifactDirectory { get; } = Path.Combine(RepositoryPaths.Root, "tests", "V7Sync.IntegrationTests", "TestResults", "report");

    [Fact]
    public async Task Report_Shows_Every_Chart_With_The_Points_And_Bars_The_Data_Has_And_Fetches_Nothing()
    {
        // Arrange: the hand-built history, and a task name that tries to inject markup.
        await using var db = await server.CreateDatabaseAsync();
        await SeedAsync(db);
        await db.ExecuteAsync("UPDATE v7_subworkflow_tasks SET task_name = $1 WHERE id = 5", "<img src=\"http://127.0.0.1:9/x.png\">T5");
        await db.ExecuteAsync("INSERT INTO v7_sync_audit (occurred_at, source, action, task_id, field, new_value) VALUES ($1, 'cli', 'deliverable_added', 5, 'deliverable_urls', $2)",
            Now.AddHours(-1), "<script src=\"http://127.0.0.1:9/x.js\"></script>");
        Directory.CreateDirectory(ArtifactDirectory);
        var page = Path.Combine(ArtifactDirectory, "report.html");
        await using (var dataSource = NpgsqlDataSource.Create(db.ConnectionString))
        {
            var data = await new ReportReader(dataSource).ReadAsync(Now, new ForecastSettings(Seed: 14), CancellationToken.None);
            await File.WriteAllTextAsync(page, HtmlReport.Render(data));
        }

        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var tab = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        var requests = new List<string>();
        tab.Request += (_, request) => requests.Add(request.Url);

        // Act
        var response = await tab.GotoAsync(new Uri(page).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        var counts = JsonDocument.Parse(await tab.EvaluateAsync<string>(
            """
            () => JSON.stringify({
              burndown: Object.fromEntries([...document.querySelectorAll('svg[data-chart=burndown]')]
                .map(s => [s.dataset.phase, s.querySelector('polyline.burndown').points.numberOfItems])),
              bands: [...document.querySelectorAll('svg[data-chart=burndown]')].filter(s => s.querySelector('polygon.forecast-band')).map(s => s.dataset.phase),
              velocity: document.querySelectorAll('svg[data-chart=velocity] rect.bar').length,
              cycle: document.querySelectorAll('svg[data-chart=cycle-times] rect.bar').length,
              risk: [...document.querySelectorAll('svg[data-chart=risk] g.risk-phase')].map(g => g.querySelectorAll('rect.risk-part').length),
              findings: document.querySelectorAll('#findings tbody tr').length,
              audit: document.querySelectorAll('#audit tbody tr').length,
              images: document.images.length, scripts: document.scripts.length
            })
            """)).RootElement;
        await tab.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactDirectory, "report.png"), FullPage = true });
        await tab.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var printedWidth = await tab.EvaluateAsync<string>("() => getComputedStyle(document.body).maxWidth");
        var pdf = await tab.PdfAsync(new PagePdfOptions { Path = Path.Combine(ArtifactDirectory, "report.pdf"), Format = "A4" });

        // Assert
        Assert.True(response!.Ok);
        Assert.Equal([new Uri(page).AbsoluteUri], requests); // the page itself, nothing else
        // Burndown: phase 1 from 11-02 to 11-25 (24 days), phase 2 from 11-09 (17 days); phases 3-7 have no tasks.
        Assert.Equal("""{"1":24,"2":17}""", counts.GetProperty("burndown").GetRawText());
        Assert.Equal("""["1","2"]""", counts.GetProperty("bands").GetRawText()); // both have throughput in the last 8 weeks
        // Velocity: ISO weeks 45 to 48 (today, 11-25, is in week 48), the empty week 48 included.
        Assert.Equal(4, counts.GetProperty("velocity").GetInt32());
        // Cycle times: T1 3 days, T7 4.5, T2 8: one bar per day from 0 to 8.
        Assert.Equal(9, counts.GetProperty("cycle").GetInt32());
        // Risk: seven phases; phase 1 scores in all eight parts, phases 2-6 in three shared ones, phase 7 in none.
        Assert.Equal("[8,3,3,3,3,3,0]", counts.GetProperty("risk").GetRawText());
        Assert.Equal(4, counts.GetProperty("findings").GetInt32());
        Assert.Equal(15, counts.GetProperty("audit").GetInt32()); // 14 seeded rows and the one above
        Assert.Equal(0, counts.GetProperty("images").GetInt32());
        Assert.Equal(0, counts.GetProperty("scripts").GetInt32());
        Assert.Equal("none", printedWidth);
        Assert.True(pdf.Length > 10_000);
        Assert.True(new FileInfo(Path.Combine(ArtifactDirectory, "report.png")).Length > 10_000);
    }
}
