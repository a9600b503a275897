namespace V7Sync.Dart;

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
