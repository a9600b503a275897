using System.Runtime;

namespace V7Sync.Bench;

/// <summary>
/// A coarse in-process profile of one phase: the process's CPU time (user and kernel, every thread), bytes allocated,
/// collections per generation and how long they paused the process, and time the JIT spent (tiered recompilation
/// included), read from the runtime's own counters before and after. CPU time is steadier than wall time on a shared
/// machine: it is what the work cost.
/// </summary>
internal readonly record struct InProcessCost(
    double CpuMilliseconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2, double GcPauseMilliseconds, double JitMilliseconds, long MethodsJitted)
{
    public static Probe Start() => new(Read());

    private static InProcessCost Read() => new(
        Environment.CpuUsage.TotalTime.TotalMilliseconds, GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
        GC.GetTotalPauseDuration().TotalMilliseconds,
        JitInfo.GetCompilationTime(currentThread: false).TotalMilliseconds, JitInfo.GetCompiledMethodCount(currentThread: false));

    public readonly record struct Probe(InProcessCost Before)
    {
        public InProcessCost Stop()
        {
            var after = Read();
            return new(after.CpuMilliseconds - Before.CpuMilliseconds, after.AllocatedBytes - Before.AllocatedBytes, after.Gen0 - Before.Gen0, after.Gen1 - Before.Gen1,
                after.Gen2 - Before.Gen2, after.GcPauseMilliseconds - Before.GcPauseMilliseconds, after.JitMilliseconds - Before.JitMilliseconds, after.MethodsJitted - Before.MethodsJitted);
        }
    }
}
