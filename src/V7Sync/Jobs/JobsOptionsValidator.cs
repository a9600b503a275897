using Microsoft.Extensions.Options;
using Quartz;
using V7Sync.Hosting;

namespace V7Sync.Jobs;

internal sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new OptionsErrors();
        errors.RequireRange(options.StaleAfter, TimeSpan.FromHours(1), TimeSpan.FromDays(365), $"{JobsOptions.Section}:{nameof(JobsOptions.StaleAfter)}");
        RequireCron(errors, options.StaleCron, nameof(JobsOptions.StaleCron));
        RequireCron(errors, options.IntegrityCron, nameof(JobsOptions.IntegrityCron));
        RequireCron(errors, options.FullResyncCron, nameof(JobsOptions.FullResyncCron));
        return errors.ToResult();
    }

    private static void RequireCron(OptionsErrors errors, string? cron, string key) =>
        errors.Require(CronExpression.TryParse(cron, out _), $"{JobsOptions.Section}:{key}",
            $"is not a valid Quartz cron expression (was '{cron}'; seconds come first, e.g. \"0 0/15 * * * ?\")");
}
