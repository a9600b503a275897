using V7Sync.Jobs;

namespace V7Sync.UnitTests.Jobs;

public sealed class JobsOptionsValidatorTests
{
    private static readonly JobsOptionsValidator Validator = new();

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var result = Validator.Validate(null, new JobsOptions());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("0 0/15 * * * ?")]
    [InlineData("0 30 2 ? * MON-FRI")]
    [InlineData("0 0 * * * ?")]
    public void Validate_QuartzCron_Succeeds(string cron) =>
        Assert.True(Validator.Validate(null, new JobsOptions { IntegrityCron = cron }).Succeeded);

    [Theory]
    [InlineData("*/15 * * * *")] // crontab's five fields: Quartz wants seconds first
    [InlineData("every 15 minutes")]
    [InlineData("")]
    [InlineData("0 0 25 * * ?")]
    public void Validate_BadCron_NamesTheKey(string cron)
    {
        var result = Validator.Validate(null, new JobsOptions { StaleCron = cron, IntegrityCron = cron, FullResyncCron = cron });

        Assert.Equal(
            ["Jobs:StaleCron", "Jobs:IntegrityCron", "Jobs:FullResyncCron"],
            result.Failures!.Select(f => f.Split(' ')[0]));
        Assert.All(result.Failures!, f => Assert.Contains("is not a valid Quartz cron expression", f, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("00:10:00")]
    [InlineData("400.00:00:00")]
    public void Validate_StaleAfterOutOfRange_NamesTheKey(string staleAfter)
    {
        var result = Validator.Validate(null, new JobsOptions { StaleAfter = TimeSpan.Parse(staleAfter, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.StartsWith("Jobs:StaleAfter must be between", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
