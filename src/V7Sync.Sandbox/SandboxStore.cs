namespace V7Sync.Sandbox;

/// <summary>
/// The sandbox's tasks and comments, in memory, guarded by one lock. Tasks are kept twice: by id, and in a list
/// sorted by (updatedAt, id) so an incremental list (updated_at_after, o=updated_at) starts with a binary search
/// and never copies the whole set. Every change stamps updatedAt from the injected clock and raises
/// <see cref="Changed"/> (outside the lock) unless the caller asks for a silent change (a "missed webhook").
/// </summary>
public sealed class SandboxStore(TimeProvider clock)
{
    private static readonly Comparer<SandboxTask> ByUpdatedAt = Comparer<SandboxTask>.Create(static (a, b) =>
    {
        var byTime = a.UpdatedAt.CompareTo(b.UpdatedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    });

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxTask> _byId = new(StringComparer.Ordinal);
    private readonly List<SandboxTask> _byUpdatedAt = [];
    private readonly List<SandboxTask> _byOrder = [];
    private readonly Dictionary<string, List<SandboxComment>> _comments = new(StringComparer.Ordinal);

    /// <summary>Raised after every change that should reach webhook subscribers.</summary>
    public event Action<SandboxChange>? Changed;

    public TimeProvider Clock => clock;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>A snapshot of every task, in creation order.</summary>
    public IReadOnlyList<SandboxTask> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _byOrder];
            }
        }
    }

    public SandboxTask? Find(string id)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    public SandboxTask Get(string id) => Find(id) ?? throw new KeyNotFoundException($"No sandbox task {id}.");

    /// <summary>Creates a task (status To-do unless given) and announces it as task.created.</summary>
    /// <param name="createdBy">Who creates it (the conductor unless given); they are also its assignee then.</param>
    public SandboxTask Create(string title, string? status = null, string description = "", object? size = null,
        IReadOnlyList<SandboxAttachment>? attachments = null, string? id = null, bool notify = true, string? createdBy = null)
    {
        var now = Now();
        var task = Complete(new SandboxTask
        {
            Id = id ?? SandboxIds.NewId(),
            Title = title,
            Status = status ?? SandboxDefaults.ToDo,
            Description = description,
            Size = size,
            Attachments = attachments ?? [],
            CreatedAt = now,
            UpdatedAt = now,
            Assignees = createdBy is null ? [] : [createdBy],
            CreatedBy = createdBy ?? "conductor@v7.example",
            UpdatedBy = createdBy ?? "conductor@v7.example",
        }, null, now);
        lock (_gate)
        {
            task = Insert(task);
        }

        Raise(notify, new SandboxChange(SandboxChangeKind.TaskCreated, task));
        return task;
    }

    /// <summary>
    /// Seeds tasks without webhooks, with distinct updatedAt values one microsecond apart ending at the clock's now,
    /// so paging by updatedAt is deterministic. Sizes alternate between a number and a string, as DART's do.
    /// </summary>
    public IReadOnlyList<SandboxTask> Seed(int count, Func<int, string>? title = null, int attachmentsPerTask = 0)
    {
        var now = Now();
        var seeded = new List<SandboxTask>(count);
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var id = SandboxIds.NewId();
                var name = title?.Invoke(i) ?? $"Sandbox task {i + 1}";
                var at = now.AddTicks(-10L * (count - 1 - i));
                seeded.Add(Insert(new SandboxTask
                {
                    Id = id,
                    Title = name,
                    Size = i % 2 == 0 ? 3 : "M",
                    Attachments = [.. Enumerable.Range(1, attachmentsPerTask).Select(n =>
                        new SandboxAttachment($"deliverable-{n}.md", SandboxIds.DocUrl(SandboxIds.NewId(), $"{name} deliverable {n}"), "text/markdown"))],
                    CreatedAt = at,
                    UpdatedAt = at,
                }));
            }
        }

        return seeded;
    }

    /// <summary>Applies a change to a task, stamping updatedAt (and completedAt on completion) from the clock.</summary>
    public SandboxTask Update(string id, Func<SandboxTask, SandboxTask> change, bool notify = true)
    {
        SandboxTask old, updated;
        lock (_gate)
        {
            old = _byId.GetValueOrDefault(id) ?? throw new KeyNotFoundException($"No sandbox task {id}.");
            var now = Now();
            updated = Complete(change(old) with { Id = old.Id, Order = old.Order, CreatedAt = old.CreatedAt, UpdatedAt = now }, old, now);
            Replace(old, updated);
        }

        Raise(notify, new SandboxChange(updated.InTrash && !old.InTrash ? SandboxChangeKind.TaskDeleted : SandboxChangeKind.TaskUpdated, updated, old));
        return updated;
    }

    public SandboxTask SetStatus(string id, string status, bool notify = true) =>
        Update(id, task => task with { Status = status, UpdatedBy = "persona@v7.example" }, notify);

    public SandboxTask AddAttachment(string id, string name, string url, string kind = "text/markdown", bool notify = true) =>
        Update(id, task => task with { Attachments = [.. task.Attachments, new SandboxAttachment(name, url, kind)] }, notify);

    /// <summary>Links a (new) Dart doc from the task's description as markdown, the way personas cite deliverables.</summary>
    public (SandboxTask Task, string DocUrl) AddDocLink(string id, string docTitle, bool notify = true)
    {
        var url = SandboxIds.DocUrl(SandboxIds.NewId(), docTitle);
        var task = Update(id, task => task with
        {
            Description = string.IsNullOrEmpty(task.Description)
                ? $"Deliverable: [{docTitle}]({url})"
                : $"{task.Description}\n\nDeliverable: [{docTitle}]({url})",
        }, notify);
        return (task, url);
    }

    /// <summary>DART's DELETE: the task moves to the trash (recoverable) and a task.deleted event goes out.</summary>
    public SandboxTask Delete(string id, bool notify = true) => Update(id, task => task with { InTrash = true }, notify);

    public SandboxComment AddComment(string taskId, string text, string author = "persona@v7.example", string? parentId = null, bool notify = true)
    {
        SandboxTask task;
        var comment = new SandboxComment(SandboxIds.NewId(), taskId, text, author, parentId);
        lock (_gate)
        {
            task = _byId.GetValueOrDefault(taskId) ?? throw new KeyNotFoundException($"No sandbox task {taskId}.");
            if (!_comments.TryGetValue(taskId, out var list))
            {
                _comments[taskId] = list = [];
            }

            list.Add(comment);
        }

        Raise(notify, new SandboxChange(SandboxChangeKind.CommentCreated, task, Comment: comment));
        return comment;
    }

    public IReadOnlyList<SandboxComment> Comments(string taskId)
    {
        lock (_gate)
        {
            return _comments.TryGetValue(taskId, out var list) ? [.. list] : [];
        }
    }

    /// <summary>One page of GET /tasks/list, with the total count of matches.</summary>
    public TaskListPage List(TaskListQuery query)
    {
        var page = new List<SandboxTask>(Math.Min(query.Limit, 1000));
        var count = 0;
        lock (_gate)
        {
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

    private SandboxTask Insert(SandboxTask task)
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

    private void Replace(SandboxTask old, SandboxTask updated)
    {
        var oldIndex = _byUpdatedAt.BinarySearch(old, ByUpdatedAt);
        _byUpdatedAt.RemoveAt(oldIndex);
        var index = _byUpdatedAt.BinarySearch(updated, ByUpdatedAt);
        _byUpdatedAt.Insert(index < 0 ? ~index : index, updated);
        _byId[updated.Id] = updated;
        _byOrder[(int)updated.Order] = updated;
    }

    /// <summary>DART's completion: completedAt is set on entering Done/Canceled and cleared when the task reopens.</summary>
    private static SandboxTask Complete(SandboxTask task, SandboxTask? old, DateTimeOffset now)
    {
        var completed = SandboxDefaults.IsCompleted(task.Status);
        return completed switch
        {
            true when task.CompletedAt is null || (old is not null && !SandboxDefaults.IsCompleted(old.Status)) => task with { CompletedAt = now },
            false when task.CompletedAt is not null => task with { CompletedAt = null },
            _ => task,
        };
    }

    private DateTimeOffset Now() => SandboxJson.TruncateToMicroseconds(clock.GetUtcNow());

    private void Raise(bool notify, SandboxChange change)
    {
        if (notify)
        {
            Changed?.Invoke(change);
        }
    }
}
