namespace V7Sync.Dart;

/// <summary>A file attached to a DART task; its URL is a deliverable.</summary>
public sealed record DartAttachment(string? Name, string Url, string? Kind);
