namespace V7Sync.Sandbox;

/// <summary>
/// The tasks created through POST /tasks (not the ones a test or the plan put in the store), and a hook that runs
/// after DART has created the task and before it answers: the moment a client can die holding nothing (the crash
/// test kills V7Sync there, between DART creating the task and V7Sync committing the link).
/// </summary>
public sealed class SandboxCreates
{
    private readonly Lock _gate = new();
    private readonly List<string> _ids = [];

    /// <summary>Runs for each create received, once the task exists (and its task.created is queued), before the answer is written.</summary>
    public Func<SandboxTask, Task>? BeforeAnswer { get; set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count;
            }
        }
    }

    /// <summary>The ids of the tasks created through the API, in the order they were created.</summary>
    public IReadOnlyList<string> Ids
    {
        get
        {
            lock (_gate)
            {
                return [.. _ids];
            }
        }
    }

    internal Task ReceivedAsync(SandboxTask task)
    {
        lock (_gate)
        {
            _ids.Add(task.Id);
        }

        return BeforeAnswer?.Invoke(task) ?? Task.CompletedTask;
    }
}
