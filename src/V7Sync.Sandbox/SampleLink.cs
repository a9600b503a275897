namespace V7Sync.Sandbox;

/// <summary>How a sample work order is found from DART: by a stored dart_task_id, by the key in the title, or not at all.</summary>
public enum SampleLink
{
    /// <summary>The tracking row already holds the DART task id.</summary>
    ById,

    /// <summary>Only the "P1.T3" key in the DART title connects the two; V7Sync links it (task_linked).</summary>
    ByKey,

    /// <summary>The work order has no DART task yet.</summary>
    None,
}
