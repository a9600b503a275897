namespace V7Sync.Sync;

/// <summary>What the decider concluded for one snapshot.</summary>
public enum DecisionKind
{
    /// <summary>Apply <see cref="TaskDecision.Changes"/> (possibly none: the snapshot is already reflected).</summary>
    Apply,

    /// <summary>Older than what is stored: nothing changes and nothing is audited (superseded, counted in a metric).</summary>
    Stale,

    /// <summary>A list item (or a same-updatedAt tie with a different state) that needs DART's full record first.</summary>
    NeedsFullRecord,

    /// <summary>No work order matches: audited once as dart_task_unlinked and kept as a finding.</summary>
    Unlinked,

    /// <summary>The title's key points at a row linked to another DART task: a finding, never a relink.</summary>
    KeyConflict,
}
