using Microsoft.Extensions.Options;

namespace V7Sync.Hosting;

/// <param name="served">The webhook endpoint's addresses, which the management port must not share.</param>
internal sealed class ManagementOptionsValidator(ServedAddresses served) : IValidateOptions<ManagementOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagementOptions options)
    {
        var errors = new OptionsErrors();
        errors.RequireRange(options.Port, 1, 65535, ManagementOptions.PortKey);
        var shared = served.Webhooks.FirstOrDefault(address => PortOf(address) == options.Port);
        errors.Require(shared is null, ManagementOptions.PortKey,
            $"must differ from the webhook endpoint's port (was {options.Port}, which {shared} serves too)");
        return errors.ToResult();
    }

    private static int? PortOf(string address)
    {
        try
        {
            var binding = BindingAddress.Parse(address);
            return binding.IsUnixPipe || binding.IsNamedPipe ? null : binding.Port;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
