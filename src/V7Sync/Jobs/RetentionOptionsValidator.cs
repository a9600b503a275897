using Microsoft.Extensions.Options;
using V7Sync.Hosting;

namespace V7Sync.Jobs;

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var errors = new OptionsErrors();
        errors.RequireCron(options.Cron, $"{RetentionOptions.Section}:{nameof(RetentionOptions.Cron)}");
        errors.RequireRange(options.InboxDays, 1, 36_500, $"{RetentionOptions.Section}:{nameof(RetentionOptions.InboxDays)}");
        errors.RequireRange(options.AuditDays, 0, 36_500, $"{RetentionOptions.Section}:{nameof(RetentionOptions.AuditDays)}");
        return errors.ToResult();
    }
}
