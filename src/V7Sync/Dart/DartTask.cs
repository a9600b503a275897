using System.Text.Json;
using System.Text.Json.Serialization;

namespace V7Sync.Dart;

/// <summary>
/// A DART task as the public API returns it (dart-api.md §3). List results (ConciseTask) leave out
/// <see cref="Description"/>, <see cref="Attachments"/> and <see cref="TaskRelationships"/>: those are null here
/// then, which is how <see cref="IsFull"/> tells the two apart. Unknown fields are ignored. V7Sync requires what it
/// cannot work without (id, title, status); read one only through <see cref="DartTaskReader"/>, which sanitises it.
/// </summary>
public sealed record DartTask
{
    public required string Id { get; init; }

    public string HtmlUrl { get; init; } = "";

    public required string Title { get; init; }

    public string? ParentId { get; init; }

    public string? Dartboard { get; init; }

    public string? Type { get; init; }

    /// <summary>The status title (To-do, Doing, …); free text per workspace.</summary>
    public required string Status { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string>? Assignees { get; init; }

    public string? Assignee { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    public string? Priority { get; init; }

    public string? StartAt { get; init; }

    public string? DueAt { get; init; }

    /// <summary>DART sends a string or a number; kept as text.</summary>
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? Size { get; init; }

    public string? TimeTracking { get; init; }

    public IReadOnlyList<DartAttachment>? Attachments { get; init; }

    public Dictionary<string, JsonElement>? CustomProperties { get; init; }

    public DartTaskRelationships? TaskRelationships { get; init; }

    public string? CreatedBy { get; init; }

    public string? UpdatedBy { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The only version signal DART has: the watermark and the version guard.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Links the reader dropped (not an absolute http(s) URL): audited once per task and URL as deliverable_rejected.</summary>
    [JsonIgnore]
    public IReadOnlyList<RejectedUrl> RejectedUrls { get; init; } = [];

    /// <summary>True for a full record (GET /tasks/{id}, webhooks), false for a list item.</summary>
    [JsonIgnore]
    public bool IsFull => Attachments is not null;
}
