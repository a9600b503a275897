using System.CommandLine;
using System.CommandLine.Help;

namespace V7Sync.Cli;

/// <summary>
/// Parses and runs a command line with V7Sync's exit codes (<see cref="CliAction"/>): a usage error is 2 (System.CommandLine
/// says 1, which `check` uses for "findings open"), its reason on stderr; `--help` and `--version` only print, so they
/// have no side effects; otherwise <paramref name="beforeAction"/> may refuse first (invalid settings: 2).
/// Shared by `v7sync`, the demo and the benchmarks.
/// </summary>
internal static class CliInvocation
{
    public static async Task<int> InvokeAsync(RootCommand root, string[] args, Func<ParseResult, int?>? beforeAction = null)
    {
        var parsed = root.Parse(args);
        var name = root.Name;
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"{name}: {error.Message}");
            }

            Console.Error.WriteLine($"{name}: see '{name} --help'.");
            return CliAction.ConfigurationError;
        }

        // The verb's own action runs (not --help's or --version's): only then may anything else happen.
        if (parsed.Action is { } action && action == parsed.CommandResult.Command.Action && beforeAction?.Invoke(parsed) is { } refused)
        {
            return refused;
        }

        // Ctrl-C cancels the verb's token; give a graceful shutdown time before the process is ended. A surprise (a bug)
        // keeps its stack trace, on stderr, and exits 3 rather than System.CommandLine's 1 ("findings open").
        var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30), EnableDefaultExceptionHandler = false };
        try
        {
            return await parsed.InvokeAsync(invocation);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"{name}: unexpected error: {ex}");
            return CliAction.DependencyError;
        }
    }
}
