using Microsoft.Extensions.Options;
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
        errors.RequireCron(cron, $"{JobsOptions.Section}:{key}");
}
