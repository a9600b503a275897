namespace V7Sync.Dart;

/// <summary>
/// What <see cref="DartDocReader"/> made of one item: a sanitised doc, or the reason it is set aside. <see cref="Key"/>
/// names it either way: its id, or for an item without one a hash of its JSON (#…), so it is recognised next time.
/// </summary>
public sealed record DartDocRead(string Key, DartDoc? Doc, string? Unreadable)
{
    public static DartDocRead Of(DartDoc doc) => new(doc.Id, doc, null);

    public static DartDocRead SetAside(string key, string reason) => new(key, null, reason);
}
