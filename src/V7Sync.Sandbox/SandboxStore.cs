namespace V7Sync.Sandbox;

/// <summary>
/// The sandbox's tasks (indexed for listing by <see cref="SandboxTaskIndex"/>) and comments, in memory, guarded by
/// one lock. Every change stamps updatedAt from the injected clock and raises <see cref="Changed"/> (outside the
/// lock) unless the caller asks for a silent change (a "missed webhook"). An update that changes nothing is no
/// change: no new version, no event. The everyday edits (a status, an attachment, a delete) are in
/// <see cref="SandboxStoreEdits"/>.
/// </summary>
/// <param name="taskIdPrefix">Starts every new task id (the demo's "V7Demo…"), so a database kept between runs can
/// tell the sandbox's tasks from others; null or empty = random ids.</param>
public sealed class SandboxStore(TimeProvider clock, string? taskIdPrefix = null)
{
    private readonly Lock _gate = new();
    private readonly SandboxTaskIndex _tasks = new();
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
                return _tasks.Count;
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
                return [.. _tasks.InOrder];
            }
        }
    }

    public SandboxTask? Find(string id)
    {
        lock (_gate)
        {
            return _tasks.Find(id);
        }
    }

    public SandboxTask Get(string id) => Find(id) ?? throw new KeyNotFoundException($"No sandbox task {id}.");

    /// <summary>What DART holds under a title: every task (trash included) whose title contains the text, as the title filter reads it.</summary>
    public IReadOnlyList<SandboxTask> FindByTitle(string text)
    {
        lock (_gate)
        {
            return [.. _tasks.InOrder.Where(t => TaskListQuery.TitleContains(t, text))];
        }
    }

    /// <summary>A new task id (with the store's prefix, if any).</summary>
    public string NewTaskId() => string.IsNullOrEmpty(taskIdPrefix) ? SandboxIds.NewId() : SandboxIds.NewId(taskIdPrefix);

    /// <summary>Creates a task (status To-do unless given) and announces it as task.created.</summary>
    /// <param name="createdBy">Who creates it (the conductor unless given); they are also its assignee then.</param>
    public SandboxTask Create(string title, string? status = null, string description = "", object? size = null,
        IReadOnlyList<SandboxAttachment>? attachments = null, string? id = null, bool notify = true, string? createdBy = null) =>
        Create(new SandboxTask
        {
            Id = id ?? NewTaskId(),
            Title = title,
            Status = status ?? SandboxDefaults.ToDo,
            Description = description,
            Size = size,
            Attachments = attachments ?? [],
            CreatedAt = default,
            UpdatedAt = default,
            Assignees = createdBy is null ? [] : [createdBy],
            CreatedBy = createdBy ?? SandboxDefaults.ApiUser,
            UpdatedBy = createdBy ?? SandboxDefaults.ApiUser,
        }, notify);

    /// <summary>
    /// Adds a drafted task (its createdAt, updatedAt, completedAt and order are the store's to stamp), mirrors its
    /// blockers into the blocking lists of the tasks it names, and announces it as task.created.
    /// </summary>
    public SandboxTask Create(SandboxTask draft, bool notify = true)
    {
        var now = Now();
        var task = Complete(draft with { CreatedAt = now, UpdatedAt = now }, null, now);
        lock (_gate)
        {
            task = _tasks.Insert(task);
            RelationshipMirror.Apply(_tasks, null, task);
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
                var name = title?.Invoke(i) ?? $"Sandbox task {i + 1}";
                var at = now.AddTicks(-10L * (count - 1 - i));
                seeded.Add(_tasks.Insert(new SandboxTask
                {
                    Id = NewTaskId(),
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

    /// <summary>
    /// Applies a change to a task, stamping updatedAt (and completedAt on completion) from the clock. A change that
    /// leaves the content as it was (<see cref="SandboxTask.SameContent"/>) returns the task untouched and announces nothing.
    /// </summary>
    public SandboxTask Update(string id, Func<SandboxTask, SandboxTask> change, bool notify = true)
    {
        SandboxTask old, updated;
        lock (_gate)
        {
            old = _tasks.Find(id) ?? throw new KeyNotFoundException($"No sandbox task {id}.");
            var now = Now();
            updated = Complete(change(old) with { Id = old.Id, Order = old.Order, CreatedAt = old.CreatedAt, UpdatedAt = now }, old, now);
            if (updated.SameContent(old))
            {
                return old;
            }

            _tasks.Replace(old, updated);
            RelationshipMirror.Apply(_tasks, old, updated);
        }

        Raise(notify, new SandboxChange(updated.InTrash && !old.InTrash ? SandboxChangeKind.TaskDeleted : SandboxChangeKind.TaskUpdated, updated, old));
        return updated;
    }

    public SandboxComment AddComment(string taskId, string text, string author = "persona@v7.example", string? parentId = null, bool notify = true)
    {
        SandboxTask task;
        var comment = new SandboxComment(SandboxIds.NewId(), taskId, text, author, parentId);
        lock (_gate)
        {
            task = _tasks.Find(taskId) ?? throw new KeyNotFoundException($"No sandbox task {taskId}.");
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
        lock (_gate)
        {
            return _tasks.List(query);
        }
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
