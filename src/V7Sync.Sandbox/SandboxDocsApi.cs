using Microsoft.AspNetCore.Http;
using static V7Sync.Sandbox.SandboxRequest;
using static V7Sync.Sandbox.SandboxResponse;

namespace V7Sync.Sandbox;

/// <summary>
/// GET /docs/list (folder and title filters, `o` with DART's doc sort keys, in_trash, limit/offset paging with an
/// absolute `next`; ConciseDocs, no text) and GET /docs/{id} (the Doc in full, in `{"item": …}`).
/// </summary>
internal static class SandboxDocsApi
{
    public static Task ListDocs(HttpContext ctx, SandboxDocs docs)
    {
        var q = ctx.Request.Query;
        var errors = new List<string>();
        var order = q["o"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        errors.AddRange(order.Where(k => !DocListQuery.SortKeys.Contains(k.TrimStart('-'))).Select(k => $"o: \"{k}\" is not a valid choice."));
        var query = new DocListQuery
        {
            Folder = NullIfEmpty(q["folder"]),
            Title = NullIfEmpty(q["title"]),
            InTrash = ParseBool(q, "in_trash", errors) ?? false,
            Order = order,
            Offset = ParseInt(q, "offset", 0, errors),
            Limit = Math.Clamp(ParseInt(q, "limit", 100, errors), 1, SandboxApi.MaxLimit),
        };
        if (errors.Count > 0)
        {
            return Errors(ctx, StatusCodes.Status400BadRequest, errors);
        }

        var (count, page) = docs.List(query);
        return WriteJson(ctx, w =>
        {
            w.WriteStartObject();
            WritePaging(w, ctx, count, query.Offset, query.Limit);
            w.WriteStartArray("results");
            foreach (var doc in page)
            {
                SandboxJson.WriteDoc(w, doc, full: false);
            }

            w.WriteEndArray();
            w.WriteNull("meta");
            w.WriteEndObject();
        });
    }

    public static Task GetDoc(HttpContext ctx, SandboxDocs docs) =>
        docs.Find(Id(ctx)) is { } doc
            ? WriteJson(ctx, w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("item");
                SandboxJson.WriteDoc(w, doc, full: true);
                w.WriteEndObject();
            })
            : Errors(ctx, StatusCodes.Status404NotFound, ["Doc not found."]);
}
