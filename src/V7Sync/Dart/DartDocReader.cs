using System.Text.Json;

namespace V7Sync.Dart;

/// <summary>
/// The door DART's doc JSON comes in by (GET /docs/list, GET /docs/{id}, doc.* webhooks), in the style of
/// <see cref="DartTaskReader"/>: each item is read on its own, and one that does not read (not an object, an id that is
/// not DART's, a member missing or of the wrong type, an htmlUrl that is not an absolute http(s) URL) comes back set
/// aside with the reason, never as an exception that would fail its page. What is read is made safe by <see cref="DartText"/>.
/// </summary>
public static class DartDocReader
{
    public static IReadOnlyList<DartDocRead> ReadPage(DartPage<JsonElement> page) => [.. page.Results.Select(Read)];

    /// <summary>The answer to GET /docs/{<paramref name="requestedId"/>}: DART's <c>{"item": …}</c> envelope.</summary>
    public static DartDocRead ReadItem(JsonElement response, string requestedId) =>
        response.ValueKind == JsonValueKind.Object && response.TryGetProperty("item", out var item)
            ? Read(item)
            : DartDocRead.SetAside(requestedId, "DART's response to GET /docs/{id} has no \"item\"");

    public static DartDocRead Read(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return DartDocRead.SetAside($"#{DartTaskReader.Fingerprint(item)}", $"expected a doc object, got {item.ValueKind}");
        }

        var id = DartTaskReader.ReadId(item);
        if (id is null)
        {
            return DartDocRead.SetAside($"#{DartTaskReader.Fingerprint(item)}", "$.id: not DART's 12 letters and digits");
        }

        DocJson doc;
        try
        {
            doc = item.Deserialize<DocJson>(DartJson.Options)!;
        }
        catch (JsonException ex)
        {
            return DartDocRead.SetAside(id, DartTaskReader.Reason(ex));
        }

        if (!DartText.TryUrl(doc.HtmlUrl, out var url, out var reason))
        {
            return DartDocRead.SetAside(id, $"$.htmlUrl: {reason}");
        }

        return DartDocRead.Of(new DartDoc(id, url, DartText.SingleLine(doc.Title, DartText.MaxTitleLength),
            DartText.SingleLine(doc.Folder ?? ""), doc.Text is null ? null : DartText.MultiLine(doc.Text)));
    }

    /// <summary>DART's Doc as it travels: id, htmlUrl and title it always has; folder and text (ConciseDoc has none) may be missing.</summary>
    private sealed record DocJson
    {
        public required string Id { get; init; }

        public required string HtmlUrl { get; init; }

        public required string Title { get; init; }

        public string? Folder { get; init; }

        public string? Text { get; init; }
    }
}
