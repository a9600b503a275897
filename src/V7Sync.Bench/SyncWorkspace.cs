using V7Sync.Sandbox;

namespace V7Sync.Bench;

/// <summary>
/// `bench sync`'s DART workspace: 10,000 tasks (two attachments each) whose titles name the work orders the bench
/// loads, made over days (50 tasks every 5 minutes), so the poll overlap re-reads one page, not the workspace.
/// </summary>
internal static class SyncWorkspace
{
    public const int Tasks = 10_000;
    private const int ChunkSize = 50;

    public static void Seed(SandboxStore store, SteppedClock clock)
    {
        for (var chunk = 0; chunk < Tasks / ChunkSize; chunk++)
        {
            var first = chunk * ChunkSize;
            store.Seed(ChunkSize, i => $"P{1 + ((first + i) % 7)}.T{1 + ((first + i) / 7)} Bench work order {first + i}", attachmentsPerTask: 2);
            clock.Advance(TimeSpan.FromMinutes(5));
        }
    }

    /// <summary>A clock the bench moves by hand, so seeded tasks carry updatedAt values spread over days.</summary>
    public sealed class SteppedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
