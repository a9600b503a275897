using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Reporting;

namespace V7Sync.Cli;

/// <summary>
/// Runs one verb and turns any failure into a single line on stderr and a non-zero exit code
/// (2 = configuration, 3 = a dependency such as the database or DART failed), never a stack trace.
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
            return Fail(verb, $"invalid configuration: {ex.Message}", ConfigurationError);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // ValidateOnStart reports every invalid section at once; name them all, still on one line.
            return Fail(verb, $"invalid configuration: {string.Join("; ", ex.InnerExceptions.Select(e => e.Message))}", ConfigurationError);
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

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
