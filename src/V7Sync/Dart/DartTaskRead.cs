namespace V7Sync.Dart;

/// <summary>What <see cref="DartTaskReader"/> made of one item: a sanitised task, or the reason it is set aside.</summary>
public sealed record DartTaskRead
{
    private DartTaskRead(DartTask? task, UnreadableTask? unreadable) => (Task, Unreadable) = (task, unreadable);

    public DartTask? Task { get; }

    public UnreadableTask? Unreadable { get; }

    public static DartTaskRead Of(DartTask task) => new(task, null);

    public static DartTaskRead SetAside(UnreadableTask unreadable) => new(null, unreadable);
}

/// <summary>
/// A task V7Sync could not take: DART's item did not read (or the tracking database refused its snapshot). It becomes
/// the finding dart_task_unreadable on <see cref="Subject"/>: the DART id when one could be read, else where the
/// item was (<c>page@&lt;offset&gt;#&lt;index&gt;</c>, <c>webhook@&lt;inbox id&gt;</c>).
/// </summary>
/// <param name="Reason">Why, sanitised (<see cref="DartText.MaxReasonLength"/>).</param>
/// <param name="UpdatedAt">Its updatedAt when that much could be read, so the watermark can move past it.</param>
/// <param name="Fingerprint">For an item without an id: a hash of its JSON. Its position shifts from cycle to cycle;
/// this says it is the same item, so its finding opens once.</param>
public sealed record UnreadableTask(string Subject, string? DartTaskId, string Reason, DateTimeOffset? UpdatedAt = null, string? Fingerprint = null)
{
    /// <summary>Where <see cref="Subject"/> points when the item has no readable id.</summary>
    public static string PagePosition(int offset, int index) => $"page@{offset}#{index}";

    public static string WebhookPosition(long inboxId) => $"webhook@{inboxId}";

    /// <summary>A task whose snapshot the tracking database refused: the finding names the error.</summary>
    public static UnreadableTask Refused(DartTask task, Exception error) => new(task.Id, task.Id,
        DartText.SingleLine($"the tracking database refused its snapshot: {DartFailure.Describe(error)}", DartText.MaxReasonLength), task.UpdatedAt);
}

/// <summary>A link DART sent that V7Sync did not keep. <paramref name="Url"/> is made visible (<see cref="DartText.Visible"/>).</summary>
/// <param name="Field">The tracking column it was meant for: deliverable_urls or dart_task_url.</param>
public sealed record RejectedUrl(string Field, string Url, string Reason);
