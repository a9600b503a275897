using System.Globalization;
using System.Text;

namespace V7Sync.Bench;

/// <summary>
/// The webhook benchmark's workload, shared by the serving process (which seeds the work orders) and the load
/// process (which sends the events): task j is work order P{1 + j % 7}.T{1 + j / 7}; each task moves through
/// To-do → Doing → In review → Done, one event per second of DART time, and ends Done.
/// </summary>
internal static class BenchEvents
{
    public static readonly DateTimeOffset MeasuredStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The paced run's events are a day newer than the first run's, so each one is a real change again.</summary>
    public static readonly DateTimeOffset PacedStart = MeasuredStart.AddDays(1);

    /// <summary>Warm-up events are a day older than any measured one, so they never undo a measured change.</summary>
    public static readonly DateTimeOffset WarmupStart = MeasuredStart.AddDays(-1);

    private static readonly string[] Statuses = ["To-do", "Doing", "In review", "Done"];
    private static readonly string[] Kinds = ["task.updated", "task.status_updated"];

    public static (int Phase, int Task) WorkOrder(int task) => (1 + (task % 7), 1 + (task / 7));

    public static string TaskId(int task) => $"bench{task:D7}";

    /// <summary>The n-th event of a run over <paramref name="tasks"/> tasks: round robin over the tasks, so one task's events are spread out.</summary>
    public static byte[] Event(int n, int tasks, DateTimeOffset start)
    {
        var task = n % tasks;
        var step = n / tasks;
        var (phase, number) = WorkOrder(task);
        var id = TaskId(task);
        var updatedAt = start.AddSeconds(step).AddMilliseconds(task).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(
            $$"""{"type":"{{Kinds[step % Kinds.Length]}}","data":{"model":{"id":"{{id}}","htmlUrl":"https://app.dartai.com/t/{{id}}","title":"P{{phase}}.T{{number}} Bench task {{task}}","parentId":null,"dartboard":"General/Active","type":"Task","status":"{{Statuses[step % Statuses.Length]}}","description":"","assignees":["Implementer"],"tags":[],"priority":"Medium","attachments":[],"createdAt":"2025-12-01T00:00:00.000Z","updatedAt":"{{updatedAt}}","completedAt":null}""" + "}}");
    }

    /// <summary>The status title the last of <paramref name="events"/> events leaves a task in.</summary>
    public static string FinalStatus(int events, int tasks) => Statuses[((events - 1) / tasks) % Statuses.Length];
}
