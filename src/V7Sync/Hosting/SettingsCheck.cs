using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace V7Sync.Hosting;

/// <summary>
/// Every invalid setting of the sections a verb uses, found before anything connects or migrates: each value that
/// does not convert to its setting's type, and each thing the sections' validators refuse, one problem per key (the
/// binder alone would stop at the first bad value; start-up validation would run after the migration).
/// </summary>
internal static class SettingsCheck
{
    /// <param name="sections">The options types to check; null: every validated section (what `run` starts).</param>
    public static IReadOnlyList<string> Problems(IServiceProvider services, IReadOnlyCollection<Type>? sections)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var problems = new List<string>();
        foreach (var section in services.GetServices<ValidatedSection>().Where(s => sections is null || sections.Contains(s.OptionsType)))
        {
            var unconvertible = Unconvertible(configuration.GetSection(section.Section), section.OptionsType).ToList();
            problems.AddRange(unconvertible);
            if (unconvertible.Count == 0)
            {
                problems.AddRange(Refused(services, section.OptionsType));
            }
        }

        return problems;
    }

    /// <summary>Values the binder could not convert to their property's type (strings and lists always convert).</summary>
    private static IEnumerable<string> Unconvertible(IConfigurationSection section, Type optionsType)
    {
        foreach (var child in section.GetChildren().Where(c => c.Value is not null))
        {
            var property = optionsType.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type is null || type == typeof(string) || !TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)))
            {
                continue;
            }

            string? problem = null;
            try
            {
                _ = section.GetValue(property!.PropertyType, child.Key);
            }
            catch (InvalidOperationException)
            {
                // Not a secret: only non-string settings get here, and their text is shown so the operator sees the typo.
                problem = $"{child.Path} is not a valid {Describe(type)} (was '{child.Value}')";
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }

    /// <summary>What the section's validators refuse, one message per failure (each names its key).</summary>
    private static IEnumerable<string> Refused(IServiceProvider services, Type optionsType)
    {
        var options = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(optionsType));
        try
        {
            _ = options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
            return [];
        }
        catch (TargetInvocationException ex) when (ex.InnerException is OptionsValidationException invalid)
        {
            return invalid.Failures;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is InvalidOperationException unbound)
        {
            return [unbound.Message];
        }
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(TimeSpan) => "duration (hh:mm:ss, or d.hh:mm:ss)",
        _ when type == typeof(bool) => "boolean (true or false)",
        _ when type == typeof(int) || type == typeof(long) => "whole number",
        _ when type == typeof(Uri) => "URL",
        _ => type.Name.ToLower(CultureInfo.InvariantCulture),
    };
}
