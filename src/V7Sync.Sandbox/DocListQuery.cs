namespace V7Sync.Sandbox;

/// <summary>The filters, sort and page of GET /docs/list that the sandbox understands (dart-api.md §2.2).</summary>
public sealed record DocListQuery
{
    /// <summary>The sort keys of DART's `o` for docs, each also with a leading '-' for descending.</summary>
    public static readonly IReadOnlySet<string> SortKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "order", "folder__order", "created_at", "updated_at", "title",
    };

    /// <summary>The folder's full title.</summary>
    public string? Folder { get; init; }

    /// <summary>The title contains this text, case-insensitively.</summary>
    public string? Title { get; init; }

    public bool InTrash { get; init; }

    public IReadOnlyList<string> Order { get; init; } = [];

    public int Offset { get; init; }

    public int Limit { get; init; } = 100;

    public bool Matches(SandboxDoc doc) =>
        doc.InTrash == InTrash
        && (Folder is null || string.Equals(doc.Folder, Folder, StringComparison.Ordinal))
        && (Title is null || doc.Title.Contains(Title, StringComparison.OrdinalIgnoreCase));

    /// <summary>Sorts by the `o` keys in turn, then by creation order so pages are stable.</summary>
    public IEnumerable<SandboxDoc> Sort(IEnumerable<SandboxDoc> docs)
    {
        var sorted = docs.OrderBy(_ => 0);
        foreach (var key in Order)
        {
            var descending = key.StartsWith('-');
            sorted = key.TrimStart('-') switch
            {
                "created_at" => descending ? sorted.ThenByDescending(d => d.CreatedVersion) : sorted.ThenBy(d => d.CreatedVersion),
                "updated_at" => descending ? sorted.ThenByDescending(d => d.Version) : sorted.ThenBy(d => d.Version),
                "title" => descending ? sorted.ThenByDescending(d => d.Title, StringComparer.Ordinal) : sorted.ThenBy(d => d.Title, StringComparer.Ordinal),
                "folder__order" => descending ? sorted.ThenByDescending(d => d.Folder, StringComparer.Ordinal) : sorted.ThenBy(d => d.Folder, StringComparer.Ordinal),
                _ => descending ? sorted.ThenByDescending(d => d.Order) : sorted.ThenBy(d => d.Order),
            };
        }

        return sorted.ThenBy(d => d.Order);
    }
}
