using Refit;

namespace V7Sync.Dart;

/// <summary>
/// The query of GET /tasks/list. Values are sent as DART's Django filters expect them: lowercase booleans,
/// timestamps as <see cref="DartTimestamp"/> writes them, and the sort `o` comma-separated (the spec's style=form, explode=false).
/// </summary>
public sealed record DartTaskQuery
{
    [AliasAs("no_defaults")]
    public string NoDefaults { get; init; } = "true";

    [AliasAs("updated_at_after")]
    public string? UpdatedAtAfter { get; init; }

    [AliasAs("o")]
    public string? Order { get; init; }

    [AliasAs("limit")]
    public int? Limit { get; init; }

    [AliasAs("offset")]
    public int? Offset { get; init; }

    [AliasAs("dartboard")]
    public string? Dartboard { get; init; }

    [AliasAs("in_trash")]
    public string? InTrash { get; init; }

    /// <summary>Tasks whose title contains this (the push looks for a work-order key before it creates a task).</summary>
    [AliasAs("title")]
    public string? Title { get; init; }

    [AliasAs("is_completed")]
    public string? IsCompleted { get; init; }

    public static string Format(bool value) => value ? "true" : "false";
}
