using System.Diagnostics;
using System.Globalization;

namespace V7Sync.Demo;

/// <summary>
/// One demo per folder: .v7sync/demo.lock holds the running demo's process id. A second demo on the same folder
/// refuses before it starts anything (it would otherwise stop the first one's PostgreSQL as a leftover); a lock whose
/// process is gone (killed hard) is taken over. Released, if still this process's, on dispose.
/// </summary>
internal sealed class DemoLock : IDisposable
{
    /// <summary>A lock younger than this with no readable pid is being written right now: still held.</summary>
    private static readonly TimeSpan BeingWritten = TimeSpan.FromSeconds(5);

    private readonly string _path;

    private DemoLock(string path) => _path = path;

    /// <returns>The lock, or null with <paramref name="holder"/> the running demo's pid (0 when it could not be read).</returns>
    public static DemoLock? TryTake(string folder, out int holder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "demo.lock");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                // CreateNew is atomic: of two demos starting at once, exactly one creates the file.
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
                using (var writer = new StreamWriter(stream))
                {
                    writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                }

                holder = 0;
                return new DemoLock(path);
            }
            catch (IOException) when (File.Exists(path))
            {
                var pid = ReadPid(path);
                if (pid is { } running && IsDemo(running))
                {
                    holder = running;
                    return null;
                }

                if (pid is null && TimeProvider.System.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(path) < BeingWritten)
                {
                    holder = 0;
                    return null;
                }

                File.Delete(path); // its demo is gone: take the folder over
            }
        }

        holder = ReadPid(path) ?? 0;
        return null;
    }

    public void Dispose()
    {
        if (ReadPid(_path) == Environment.ProcessId)
        {
            File.Delete(_path);
        }
    }

    private static int? ReadPid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Alive, and a .NET process (a reused pid of something else does not hold the folder).</summary>
    private static bool IsDemo(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && (process.ProcessName.Contains("dotnet", StringComparison.OrdinalIgnoreCase)
                || process.ProcessName.Contains("V7Sync", StringComparison.OrdinalIgnoreCase));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
