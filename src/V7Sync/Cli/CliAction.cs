using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Reporting;

namespace V7Sync.Cli;

/// <summary>
/// Runs one verb and turns any expected failure into a line on stderr (one per invalid setting) and a non-zero exit
/// code (2 = usage or configuration, 3 = a dependency such as the database or DART failed), never a stack trace.
/// </summary>
internal static class CliAction
{
    public const int Ok = 0;
    public const int ConfigurationError = 2;
    public const int DependencyError = 3;

    public static async Task<int> RunAsync(string verb, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (OptionsValidationException ex)
        {
            return FailEach(verb, ex.Failures);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // ValidateOnStart reports every invalid section at once; name every key, one line each.
            return FailEach(verb, ex.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures));
        }
        catch (IOException ex) when (ex.Message.StartsWith("Failed to bind", StringComparison.Ordinal))
        {
            // Kestrel could not listen (the port is taken): the machine, not the settings' syntax, is in the way.
            return Fail(verb, $"could not listen: {FirstLine(ex.Message)}", DependencyError);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            return Fail(verb, $"invalid configuration: {ex.Message}", ConfigurationError);
        }
        catch (NpgsqlException ex)
        {
            return Fail(verb, $"the tracking database (ConnectionStrings:Tracking) failed: {FirstLine(ex.Message)}", DependencyError);
        }
        catch (OperationCanceledException)
        {
            return Fail(verb, "cancelled", DependencyError);
        }
        catch (Exception ex) when (ex.InnerException is NpgsqlException inner)
        {
            return Fail(verb, $"the tracking database (ConnectionStrings:Tracking) failed: {FirstLine(inner.Message)}", DependencyError);
        }
    }

    /// <summary>Writes the one line; the reason may quote DART or the database (a reason phrase, a value), so it is made safe.</summary>
    public static int Fail(string verb, string reason, int exitCode)
    {
        Console.Error.WriteLine($"v7sync {verb}: {TerminalText.Safe(reason)}");
        return exitCode;
    }

    private static int FailEach(string verb, IEnumerable<string> failures)
    {
        foreach (var failure in failures)
        {
            Fail(verb, $"invalid setting: {failure}", ConfigurationError);
        }

        return ConfigurationError;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
