using System.Diagnostics;
using System.Globalization;

namespace V7Sync.Bench;

/// <summary>
/// Who used the machine over one measured stretch: each process's CPU as a share of one core (PostgreSQL with its
/// backends), and how busy the machine's cores were in all (/proc/stat). A figure limited by one process reads
/// differently from one taken on a machine with no core to spare.
/// </summary>
internal sealed class CpuShares
{
    private readonly List<(string Name, int Pid, bool WithChildren, Dictionary<int, double> Before)> _processes = [];
    private readonly (long Busy, long Total)? _machineBefore = MachineTicks();
    private readonly long _started = Stopwatch.GetTimestamp();

    private CpuShares()
    {
    }

    /// <summary>Starts the watch over the processes named; one whose id is unknown (null) is left out.</summary>
    public static CpuShares Start(params (string Name, int? Pid, bool WithChildren)[] processes)
    {
        var shares = new CpuShares();
        foreach (var (name, pid, withChildren) in processes)
        {
            if (pid is { } id)
            {
                shares._processes.Add((name, id, withChildren, ProcessCpu.Sample(id, withChildren)));
            }
        }

        return shares;
    }

    /// <summary>"V7Sync 91%, the sandbox 35%, PostgreSQL 40% of a core; the machine's 2 cores 83% busy".</summary>
    public string Stop()
    {
        var elapsed = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var used = Used();
        return $"{string.Join(", ", _processes.Select(p => $"{p.Name} {Percent(used[p.Name], elapsed)}"))} of a core; {MachineBusy()}";
    }

    /// <summary>The CPU seconds each process named at the start has used since, by name.</summary>
    public Dictionary<string, double> Used() =>
        _processes.ToDictionary(p => p.Name, p => ProcessCpu.Used(p.Before, ProcessCpu.Sample(p.Pid, p.WithChildren)), StringComparer.Ordinal);

    /// <summary>"the machine's 2 cores 83% busy" since the start: every core's time, whichever process (or the kernel) used it.</summary>
    public string MachineBusy()
    {
        var machine = _machineBefore is { } before && MachineTicks() is { } after && after.Total > before.Total
            ? ((after.Busy - before.Busy) * 100.0 / (after.Total - before.Total)).ToString("0", CultureInfo.InvariantCulture) + "%"
            : "n/a";
        return $"the machine's {Environment.ProcessorCount} cores {machine} busy";
    }

    /// <summary>CPU seconds over wall seconds, as a percentage of one core ("n/a" when not measured).</summary>
    public static string Percent(double cpuSeconds, double elapsedSeconds) =>
        double.IsNaN(cpuSeconds) ? "n/a" : (cpuSeconds / elapsedSeconds * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// Busy and total ticks of all cores from /proc/stat's first line ("cpu user nice system idle iowait irq softirq
    /// steal …"): idle and iowait are the idle ones; guest time is counted in user already and is left out.
    /// </summary>
    internal static (long Busy, long Total) ParseMachineLine(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }

    private static (long Busy, long Total)? MachineTicks() =>
        File.Exists("/proc/stat") ? ParseMachineLine(File.ReadLines("/proc/stat").First()) : null;
}
