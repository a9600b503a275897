using Microsoft.Extensions.Options;
using V7Sync.Hosting;

namespace V7Sync.Webhooks;

/// <param name="environment">Unsigned mode is allowed in Development.</param>
/// <param name="served">Or when every address the webhook endpoint listens on is loopback (the management port takes no webhook).</param>
internal sealed class WebhooksOptionsValidator(IHostEnvironment environment, ServedAddresses served) : IValidateOptions<WebhooksOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhooksOptions options)
    {
        var errors = new OptionsErrors();
        errors.Require(options.AcceptedSecrets.Count > 0 || options.AllowUnsigned, "Webhooks:Secret",
            "is required (set Webhooks__Secret to the DART webhook signing secret; Webhooks:AllowUnsigned=true is for local use only)");
        if (options.AllowUnsigned && !environment.IsDevelopment())
        {
            // Anyone who can reach a public port could write to the inbox: refuse rather than warn.
            var reachable = served.Webhooks.Where(a => !ListeningAddresses.IsLoopback(a)).ToList();
            errors.Require(reachable.Count == 0, "Webhooks:AllowUnsigned",
                $"is for local use only: it needs the Development environment or loopback-only addresses, and this host " +
                $"(environment {environment.EnvironmentName}) would listen on {string.Join(", ", reachable)}; set Webhooks__Secret instead");
        }

        errors.Require(options.Secrets.All(s => !string.IsNullOrWhiteSpace(s)), "Webhooks:Secrets", "must not contain an empty secret");
        errors.RequireRange(options.MaxBodyBytes, 1024, 64 * 1024 * 1024, "Webhooks:MaxBodyBytes");
        errors.RequireRange(options.MaxConcurrentRequests, 1, 100_000, "Webhooks:MaxConcurrentRequests");
        errors.RequireRange(options.RequestTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10), "Webhooks:RequestTimeout");
        errors.RequireRange(options.BatchSize, 1, 5000, "Webhooks:BatchSize");
        errors.RequireRange(options.BatchWindow, TimeSpan.Zero, TimeSpan.FromSeconds(10), "Webhooks:BatchWindow");
        errors.RequireRange(options.Workers, 1, 32, "Webhooks:Workers");
        errors.RequireRange(options.MaxAttempts, 1, 100, "Webhooks:MaxAttempts");
        errors.RequireRange(options.InitialBackoff, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1), "Webhooks:InitialBackoff");
        errors.RequireRange(options.MaxBackoff, options.InitialBackoff, TimeSpan.FromDays(1), "Webhooks:MaxBackoff");
        errors.RequireRange(options.ClaimLease, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), "Webhooks:ClaimLease");
        errors.RequireRange(options.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10), "Webhooks:PollInterval");
        return errors.ToResult();
    }
}
