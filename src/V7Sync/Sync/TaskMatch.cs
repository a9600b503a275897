namespace V7Sync.Sync;

/// <summary>
/// Which row a DART task belongs to. <see cref="Row"/> is linked by dart_task_id or found by the key in the title;
/// <see cref="KeyConflict"/> is the row the key points at when that row is already linked to another DART task.
/// <see cref="CreateInFlight"/>: the key names a row whose DART task V7Sync is creating right now; the push links it.
/// </summary>
public sealed record TaskMatch(TrackedTask? Row, TrackedTask? KeyConflict, bool UnlinkedFindingOpen, bool ConflictFindingOpen,
    bool CreateInFlight = false)
{
    public static readonly TaskMatch None = new(null, null, false, false);
}
