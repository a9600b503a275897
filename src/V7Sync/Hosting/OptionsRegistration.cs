using Microsoft.Extensions.Options;

namespace V7Sync.Hosting;

internal static class OptionsRegistration
{
    /// <summary>
    /// Binds one configuration section to its sealed options class and validates it when the host starts,
    /// so a missing or malformed setting stops start-up with a message that names the key.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        services.AddSingleton(new ValidatedSection(typeof(TOptions), section));
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}

/// <summary>A section bound and validated by <see cref="OptionsRegistration.AddValidatedOptions{TOptions, TValidator}"/>: what <see cref="SettingsCheck"/> goes through.</summary>
internal sealed record ValidatedSection(Type OptionsType, string Section);
