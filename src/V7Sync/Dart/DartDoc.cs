namespace V7Sync.Dart;

/// <summary>
/// A DART doc (dart-api.md §4): id, htmlUrl, title, folder (the folder's full title) and text (markdown). List
/// results (ConciseDoc) leave out <see cref="Text"/>: null here then. A doc has no timestamps at all. Read one only
/// through <see cref="DartDocReader"/>, which sanitises it.
/// </summary>
public sealed record DartDoc(string Id, string HtmlUrl, string Title, string Folder, string? Text);
