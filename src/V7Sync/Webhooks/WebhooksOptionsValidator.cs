using Microsoft.Extensions.Options;
using V7Sync.Hosting;

namespace V7Sync.Webhooks;

internal sealed class WebhooksOptionsValidator : IValidateOptions<WebhooksOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhooksOptions options)
    {
        var errors = new OptionsErrors();
        errors.Require(options.AcceptedSecrets.Count > 0 || options.AllowUnsigned, "Webhooks:Secret",
            "is required (set Webhooks__Secret to the DART webhook signing secret; Webhooks:AllowUnsigned=true is for local use only)");
        errors.Require(options.Secrets.All(s => !string.IsNullOrWhiteSpace(s)), "Webhooks:Secrets", "must not contain an empty secret");
        errors.RequireRange(options.MaxBodyBytes, 1024, 64 * 1024 * 1024, "Webhooks:MaxBodyBytes");
        errors.RequireRange(options.BatchSize, 1, 5000, "Webhooks:BatchSize");
        errors.RequireRange(options.Workers, 1, 32, "Webhooks:Workers");
        errors.RequireRange(options.MaxAttempts, 1, 100, "Webhooks:MaxAttempts");
        errors.RequireRange(options.InitialBackoff, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), "Webhooks:InitialBackoff");
        errors.RequireRange(options.MaxBackoff, options.InitialBackoff, TimeSpan.FromDays(1), "Webhooks:MaxBackoff");
        errors.RequireRange(options.ClaimLease, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), "Webhooks:ClaimLease");
        errors.RequireRange(options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), "Webhooks:PollInterval");
        return errors.ToResult();
    }
}
