using Microsoft.Extensions.Options;
using V7Sync.Hosting;

namespace V7Sync.Push;

internal sealed class PushOptionsValidator : IValidateOptions<PushOptions>
{
    public ValidateOptionsResult Validate(string? name, PushOptions options)
    {
        var errors = new OptionsErrors();
        errors.RequireRange(options.BatchSize, 1, 1000, "Push:BatchSize");
        errors.RequireRange(options.Concurrency, 1, 64, "Push:Concurrency");
        errors.RequireRange(options.MaxAttempts, 1, 100, "Push:MaxAttempts");
        errors.RequireRange(options.InitialBackoff, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), "Push:InitialBackoff");
        errors.RequireRange(options.MaxBackoff, options.InitialBackoff, TimeSpan.FromDays(1), "Push:MaxBackoff");
        errors.RequireRange(options.ClaimLease, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), "Push:ClaimLease");
        errors.RequireRange(options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), "Push:PollInterval");
        return errors.ToResult();
    }
}
