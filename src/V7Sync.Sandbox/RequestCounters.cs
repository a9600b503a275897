using System.Collections.Concurrent;

namespace V7Sync.Sandbox;

/// <summary>
/// How many requests the sandbox served, per route ("GET /tasks/{id}", relative to the API base path), so tests
/// and benchmarks can assert "exactly one HTTP request". Unauthorized requests count under their route too.
/// </summary>
public sealed class RequestCounters
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _total;

    public int Total => Volatile.Read(ref _total);

    /// <summary>Requests to one route, e.g. <c>Count("GET /tasks/list")</c>.</summary>
    public int Count(string route) => _counts.GetValueOrDefault(route);

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    public void Reset()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _total, 0);
    }

    internal void Add(string route)
    {
        _counts.AddOrUpdate(route, 1, static (_, n) => n + 1);
        Interlocked.Increment(ref _total);
    }
}
