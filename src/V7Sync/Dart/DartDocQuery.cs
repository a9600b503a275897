using Refit;

namespace V7Sync.Dart;

/// <summary>The query of GET /docs/list (dart-api.md §2.2): docs have no updated-since filter, only the order `o`.</summary>
public sealed record DartDocQuery
{
    /// <summary>The most recently updated first: what changed since the last look comes on the first page.</summary>
    public const string NewestFirst = "-updated_at";

    [AliasAs("no_defaults")]
    public string NoDefaults { get; init; } = "true";

    /// <summary>The folder's full title.</summary>
    [AliasAs("folder")]
    public string? Folder { get; init; }

    [AliasAs("in_trash")]
    public string InTrash { get; init; } = DartTaskQuery.Format(false);

    [AliasAs("o")]
    public string Order { get; init; } = NewestFirst;

    [AliasAs("limit")]
    public int? Limit { get; init; }

    [AliasAs("offset")]
    public int? Offset { get; init; }
}
