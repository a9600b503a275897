namespace V7Sync.Sandbox;

/// <summary>
/// One task as the sandbox holds it: immutable, replaced whole on every change, so a reader (a list page, a
/// webhook body) always sees one consistent version without copying under the lock.
/// </summary>
public sealed record SandboxTask
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string? ParentId { get; init; }

    public string Dartboard { get; init; } = SandboxDefaults.Dartboard;

    public string Type { get; init; } = "Task";

    public string Status { get; init; } = SandboxDefaults.ToDo;

    public string Description { get; init; } = "";

    public IReadOnlyList<string> Assignees { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Priority { get; init; }

    public string? StartAt { get; init; }

    public string? DueAt { get; init; }

    /// <summary>DART's size is polymorphic: an <see cref="int"/>, a <see cref="string"/> or null.</summary>
    public object? Size { get; init; }

    public IReadOnlyList<SandboxAttachment> Attachments { get; init; } = [];

    public SandboxRelationships Relationships { get; init; } = SandboxRelationships.None;

    public string? CreatedBy { get; init; }

    public string? UpdatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Deleted tasks go to the trash: still served by id, listed only with in_trash=true.</summary>
    public bool InTrash { get; init; }

    /// <summary>Creation order: DART's manual `order` sort.</summary>
    public long Order { get; init; }

    public string HtmlUrl => SandboxIds.TaskUrl(Id, Title);

    /// <summary>
    /// Whether <paramref name="other"/> holds the same content: every field a client can see or set, lists by value,
    /// leaving out the version stamps (updatedAt, updatedBy). An update that changes none of it is no change in DART.
    /// </summary>
    public bool SameContent(SandboxTask other) =>
        Id == other.Id && Title == other.Title && ParentId == other.ParentId && Dartboard == other.Dartboard && Type == other.Type
        && Status == other.Status && Description == other.Description && Priority == other.Priority
        && StartAt == other.StartAt && DueAt == other.DueAt && Equals(Size, other.Size) && InTrash == other.InTrash
        && CompletedAt == other.CompletedAt && CreatedBy == other.CreatedBy
        && Assignees.SequenceEqual(other.Assignees, StringComparer.Ordinal) && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal)
        && Attachments.SequenceEqual(other.Attachments) && Relationships.SameAs(other.Relationships);
}
