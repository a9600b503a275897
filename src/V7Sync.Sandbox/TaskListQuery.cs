namespace V7Sync.Sandbox;

/// <summary>The filters, sort and page of GET /tasks/list that the sandbox understands.</summary>
public sealed record TaskListQuery
{
    /// <summary>Inclusive lower bound (django-filter's gte), as DART's updated_at_after.</summary>
    public DateTimeOffset? UpdatedAtAfter { get; init; }

    /// <summary>Inclusive upper bound.</summary>
    public DateTimeOffset? UpdatedAtBefore { get; init; }

    /// <summary>Trash is excluded unless asked for.</summary>
    public bool InTrash { get; init; }

    public bool? IsCompleted { get; init; }

    public string? Dartboard { get; init; }

    public string? Status { get; init; }

    public IReadOnlySet<string>? Ids { get; init; }

    /// <summary>DART's title filter: the title contains this text, case-insensitively.</summary>
    public string? Title { get; init; }

    /// <summary>Sort keys in DART's `o` vocabulary (updated_at, -updated_at, title, …); empty = manual order.</summary>
    public IReadOnlyList<string> Order { get; init; } = [];

    public int Offset { get; init; }

    public int Limit { get; init; } = 100;

    public bool Matches(SandboxTask task) =>
        task.InTrash == InTrash
        && (UpdatedAtAfter is not { } after || task.UpdatedAt >= after)
        && (UpdatedAtBefore is not { } before || task.UpdatedAt <= before)
        && (IsCompleted is not { } completed || (task.CompletedAt is not null) == completed)
        && (Dartboard is null || string.Equals(task.Dartboard, Dartboard, StringComparison.Ordinal))
        && (Status is null || string.Equals(task.Status, Status, StringComparison.Ordinal))
        && (Ids is null || Ids.Contains(task.Id))
        && (Title is null || TitleContains(task, Title));

    /// <summary>The one rule of the title filter, also behind <see cref="SandboxStore.FindByTitle"/>.</summary>
    public static bool TitleContains(SandboxTask task, string text) => task.Title.Contains(text, StringComparison.OrdinalIgnoreCase);
}
