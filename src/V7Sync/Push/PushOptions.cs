namespace V7Sync.Push;

/// <summary>How the conductor's writes (captured in dart_outbox) are pushed to DART (section <c>Push</c>).</summary>
public sealed class PushOptions
{
    public const string Section = "Push";

    /// <summary>
    /// Push at all: the processor in `v7sync run`, and `v7sync sync`'s drain. Off, the writes are still captured
    /// and wait in the outbox; `v7sync push` sends them on demand.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Outbox rows one claim takes at most (one per work order), pushed one by one and recorded in one transaction: larger
    /// batches spend fewer database round trips per work order (`bench push`); a drain spreads a larger burst over the
    /// workers and cuts a longer backlog into equal claims (<see cref="OutboxDrainer.ClaimSize"/>). A batch slower than
    /// half the lease renews each row's claim before its push.
    /// </summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Work orders pushed at once by one process (DART calls in flight).</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Attempts before a row goes dead (DART's answer kept, finding dart_push_failed).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The first retry delay; each further attempt doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a claim holds its rows; a crashed processor's rows are taken again after it (and DART is searched for
    /// the task it may have created). Renewed as each row starts; it must outlast one row's DART calls with their retries.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When V7Sync looks in DART for a task carrying the work order's key before it creates one. Always (the default):
    /// every create, so neither a crash, nor a second replica, nor a task a persona made by hand gets a twin. Retries:
    /// only when an earlier claim of the row may have reached DART (a crash, a lost lease): one request less per create,
    /// but a hand-made task that carries the key is then not found first; it shows as work_order_key_conflict.
    /// </summary>
    public SearchBeforeCreate SearchBeforeCreate { get; set; } = SearchBeforeCreate.Always;

    /// <summary>The fallback poll for retries that fall due; a commit that captures a write wakes every processor at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>See <see cref="PushOptions.SearchBeforeCreate"/>.</summary>
public enum SearchBeforeCreate
{
    Always,
    Retries,
}
