namespace V7Sync.Sandbox;

/// <summary>
/// One doc as the sandbox holds it, immutable like <see cref="SandboxTask"/>. DART's docs carry no timestamp
/// (dart-api.md §4), so the sandbox orders created_at and updated_at by <see cref="CreatedVersion"/> and
/// <see cref="Version"/>, the doc store's change counter when the doc was created and last changed.
/// </summary>
public sealed record SandboxDoc
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>The folder's full title, as DART names it.</summary>
    public string Folder { get; init; } = SandboxDefaults.ReportFolder;

    /// <summary>Markdown; left out of list results (ConciseDoc).</summary>
    public string Text { get; init; } = "";

    /// <summary>Deleted docs go to the trash: still served by id, listed only with in_trash=true.</summary>
    public bool InTrash { get; init; }

    /// <summary>Creation order: DART's manual `order` sort.</summary>
    public long Order { get; init; }

    public long CreatedVersion { get; init; }

    public long Version { get; init; }

    public string HtmlUrl => SandboxIds.DocUrl(Id, Title);

    public bool SameContent(SandboxDoc other) =>
        Id == other.Id && Title == other.Title && Folder == other.Folder && Text == other.Text && InTrash == other.InTrash;
}
