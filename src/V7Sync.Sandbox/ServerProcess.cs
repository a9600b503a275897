using System.Diagnostics;

namespace V7Sync.Sandbox;

/// <summary>
/// Runs a PostgreSQL tool (initdb, pg_ctl) or a helper (chown) to its end; as the <see cref="OsUser"/> OS user through
/// `runuser -u postgres --` when asked, since PostgreSQL refuses to run as root.
/// </summary>
internal static class ServerProcess
{
    public const string OsUser = "postgres";

    /// <summary>Runs a command and returns its exit code; with <paramref name="check"/>, a non-zero exit throws with its output.</summary>
    public static async Task<int> RunAsync(string fileName, IReadOnlyList<string> args, bool asPostgres, CancellationToken cancellationToken, bool check = true)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server must not inherit the caller's folder; the postgres user may not be able to read it.
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var prefix in new[] { "-u", OsUser, "--", fileName })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (check && process.ExitCode != 0)
        {
            var output = (await stderr).Trim() is { Length: > 0 } error ? error : (await stdout).Trim();
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} exited with code {process.ExitCode}: {output}");
        }

        return process.ExitCode;
    }
}
