namespace V7Sync.Sandbox;

/// <summary>
/// The sandbox's tasks kept three ways: by id, in creation order (DART's manual `order` sort), and in a list sorted
/// by (updatedAt, id), so an incremental list (updated_at_after, o=updated_at) starts with a binary search and never
/// copies the whole set. Not thread-safe: <see cref="SandboxStore"/> holds its lock around every call.
/// </summary>
internal sealed class SandboxTaskIndex
{
    private static readonly Comparer<SandboxTask> ByUpdatedAt = Comparer<SandboxTask>.Create(static (a, b) =>
    {
        var byTime = a.UpdatedAt.CompareTo(b.UpdatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    });

    private readonly Dictionary<string, SandboxTask> _byId = new(StringComparer.Ordinal);
    private readonly List<SandboxTask> _byUpdatedAt = [];
    private readonly List<SandboxTask> _byOrder = [];

    public int Count => _byId.Count;

    /// <summary>Every task in creation order; the live list, so copy it before the lock is released.</summary>
    public IReadOnlyList<SandboxTask> InOrder => _byOrder;

    public SandboxTask? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>One page of GET /tasks/list, with the total count of matches.</summary>
    public TaskListPage List(TaskListQuery query)
    {
        var page = new List<SandboxTask>(Math.Min(query.Limit, 1000));
        var count = 0;
        if (query.Order is [] or ["updated_at"] or ["-updated_at"] or ["order"] or ["dartboard__order"])
        {
            // The common paths walk a pre-sorted list: no copy, no sort, a binary search to start.
            var (list, first, step) = query.Order switch
            {
                ["updated_at"] => (_byUpdatedAt, LowerBound(query.UpdatedAtAfter), 1),
                ["-updated_at"] => (_byUpdatedAt, _byUpdatedAt.Count - 1, -1),
                _ => (_byOrder, 0, 1),
            };
            for (var i = first; i >= 0 && i < list.Count; i += step)
            {
                var task = list[i];
                if (step < 0 && query.UpdatedAtAfter is { } after && task.UpdatedAt < after)
                {
                    break;
                }

                if (query.Matches(task))
                {
                    if (count >= query.Offset && page.Count < query.Limit)
                    {
                        page.Add(task);
                    }

                    count++;
                }
            }

            return new TaskListPage(count, page);
        }

        var matches = _byOrder.Where(query.Matches).ToList();
        matches.Sort(SortComparer(query.Order));
        return new TaskListPage(matches.Count, [.. matches.Skip(query.Offset).Take(query.Limit)]);
    }

    private int LowerBound(DateTimeOffset? after)
    {
        if (after is not { } bound)
        {
            return 0;
        }

        int lo = 0, hi = _byUpdatedAt.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_byUpdatedAt[mid].UpdatedAt < bound)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private static Comparer<SandboxTask> SortComparer(IReadOnlyList<string> keys) => Comparer<SandboxTask>.Create((a, b) =>
    {
        foreach (var key in keys)
        {
            var descending = key.StartsWith('-');
            var result = key.TrimStart('-') switch
            {
                "updated_at" => a.UpdatedAt.CompareTo(b.UpdatedAt),
                "created_at" => a.CreatedAt.CompareTo(b.CreatedAt),
                "completed_at" => Nullable.Compare(a.CompletedAt, b.CompletedAt),
                "title" => string.CompareOrdinal(a.Title, b.Title),
                _ => a.Order.CompareTo(b.Order),
            };
            if (result != 0)
            {
                return descending ? -result : result;
            }
        }

        return a.Order.CompareTo(b.Order);
    });

    /// <summary>Adds a new task at the end of the creation order.</summary>
    public SandboxTask Insert(SandboxTask task)
    {
        if (_byId.ContainsKey(task.Id))
        {
            throw new InvalidOperationException($"Sandbox task {task.Id} exists already.");
        }

        task = task with { Order = _byOrder.Count };
        _byId[task.Id] = task;
        _byOrder.Add(task);
        var index = _byUpdatedAt.BinarySearch(task, ByUpdatedAt);
        _byUpdatedAt.Insert(index < 0 ? ~index : index, task);
        return task;
    }

    /// <summary>Puts a task's new version where its old one was (same id and order; its updatedAt moves).</summary>
    public void Replace(SandboxTask old, SandboxTask updated)
    {
        var oldIndex = _byUpdatedAt.BinarySearch(old, ByUpdatedAt);
        _byUpdatedAt.RemoveAt(oldIndex);
        var index = _byUpdatedAt.BinarySearch(updated, ByUpdatedAt);
        _byUpdatedAt.Insert(index < 0 ? ~index : index, updated);
        _byId[updated.Id] = updated;
        _byOrder[(int)updated.Order] = updated;
    }
}
