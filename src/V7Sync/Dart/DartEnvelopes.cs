using System.Text.Json.Serialization;

namespace V7Sync.Dart;

/// <summary>DART wraps every single object as {"item": …}, in both directions.</summary>
public sealed record DartItem<T>([property: JsonRequired] T Item);

/// <summary>DART's list envelope: limit/offset pages, <see cref="Next"/> null on the last page.</summary>
public sealed record DartPage<T>([property: JsonRequired] int Count, Uri? Next, Uri? Previous, [property: JsonRequired] IReadOnlyList<T> Results);

public sealed record DartComment(string Id, string? ParentId, string? HtmlUrl, string? Author, string? TaskId, string Text);

public sealed record DartCommentCreate(string TaskId, string Text, string? ParentId = null);

/// <summary>The workspace configuration (GET /config); V7Sync reads the status titles from it.</summary>
public sealed record DartConfig(string? Today, IReadOnlyList<string>? Statuses, IReadOnlyList<string>? Dartboards);

/// <summary>
/// The editable fields for create and update; null fields are left out, so DART leaves them unchanged (an update
/// sends only what changed). An empty <see cref="Assignees"/> list is sent, and clears them.
/// </summary>
public sealed record DartTaskWrite
{
    public string? Id { get; init; }

    public string? Title { get; init; }

    public string? Status { get; init; }

    public string? Description { get; init; }

    public string? Dartboard { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>DART user names or emails (Dart:PersonaAssignees maps a responsible_persona to one).</summary>
    public IReadOnlyList<string>? Assignees { get; init; }

    /// <summary>V7Sync sets only the blockers (the DART tasks of a work order's dependencies).</summary>
    public DartTaskRelationships? TaskRelationships { get; init; }
}
