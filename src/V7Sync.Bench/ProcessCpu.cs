using System.Globalization;

namespace V7Sync.Bench;

/// <summary>
/// CPU time of a process (and optionally its children: PostgreSQL's backends) from /proc/&lt;pid&gt;/stat, so a bench
/// can show who used the machine during a run: the load generator must not be the bottleneck.
/// </summary>
internal static class ProcessCpu
{
    // Linux reports utime and stime in clock ticks of USER_HZ, which is 100 on every mainstream kernel build.
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of CPU (user + system) used so far by each of <paramref name="pid"/> and, with <paramref name="withChildren"/>, its direct children.</summary>
    public static Dictionary<int, double> Sample(int pid, bool withChildren = false)
    {
        var seconds = new Dictionary<int, double>();
        if (Read(pid) is { } self)
        {
            seconds[pid] = self.Seconds;
        }

        if (withChildren)
        {
            foreach (var folder in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                    && Read(child) is { } stat && stat.ParentId == pid)
                {
                    seconds[child] = stat.Seconds;
                }
            }
        }

        return seconds;
    }

    /// <summary>CPU seconds used between two samples (a process that started in between counts from zero).</summary>
    public static double Used(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(p => p.Value - before.GetValueOrDefault(p.Key));

    /// <summary>The 1-minute load average, printed beside every figure: the machine is shared.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static (double Seconds, int ParentId)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name is in parentheses and may hold spaces: the fields after it are positional.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (ticks / TicksPerSecond, parent);
    }
}
