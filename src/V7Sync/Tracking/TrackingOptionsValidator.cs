using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Hosting;

namespace V7Sync.Tracking;

internal sealed class TrackingOptionsValidator : IValidateOptions<TrackingOptions>
{
    public ValidateOptionsResult Validate(string? name, TrackingOptions options)
    {
        var errors = new OptionsErrors();
        errors.Require(!string.IsNullOrWhiteSpace(options.ConnectionString), TrackingOptions.ConnectionStringKey,
            "is required (set ConnectionStrings__Tracking)");
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Require(TryParse(options.ConnectionString, out var reason, out var multiplexing), TrackingOptions.ConnectionStringKey,
                $"is malformed: {reason}");
            // The inbox's group commit writes synchronously on a thread of its own (Webhooks/InboxGroupCommit), which
            // Npgsql refuses on a multiplexing connection: said here, not as a 503 for every delivery.
            errors.Require(!multiplexing, TrackingOptions.ConnectionStringKey,
                "must not set Multiplexing=true (the webhook inbox writes synchronously on its own thread)");
        }

        errors.Require(options.PhaseNames.Length is 0 or 7, "Tracking:PhaseNames",
            $"must name exactly 7 phases (has {options.PhaseNames.Length})");
        errors.Require(options.PhaseNames.All(n => !string.IsNullOrWhiteSpace(n)), "Tracking:PhaseNames",
            "must not contain an empty name");
        return errors.ToResult();
    }

    private static bool TryParse(string connectionString, out string reason, out bool multiplexing)
    {
        try
        {
            multiplexing = new NpgsqlConnectionStringBuilder(connectionString).Multiplexing;
            reason = "";
            return true;
        }
        catch (ArgumentException ex)
        {
            // The parser names the offending keyword, never a value, so no password can leak through here.
            reason = ex.Message;
            multiplexing = false;
            return false;
        }
    }
}
