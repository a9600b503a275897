using V7Sync.Analytics;

namespace V7Sync.UnitTests.Analytics;

public sealed class ReportOptionsValidatorTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("/srv/report.html", null)]
    [InlineData("/srv/report.html", "0 0 6 * * ?")]
    public void Valid_Settings_Pass(string? path, string? cron) =>
        Assert.True(new ReportOptionsValidator().Validate(null, new ReportOptions { Path = path, Cron = cron }).Succeeded);

    [Theory]
    [InlineData("/srv/report.html", "every morning", "Report:Cron is not a valid Quartz cron expression")]
    [InlineData(null, "0 0 6 * * ?", "Report:Path is required when Report:Cron is set")]
    [InlineData("/srv/report.pdf", null, "Report:Path must name an .html file")]
    public void A_Malformed_Setting_Names_Its_Key(string? path, string? cron, string message)
    {
        var result = new ReportOptionsValidator().Validate(null, new ReportOptions { Path = path, Cron = cron });

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }
}
