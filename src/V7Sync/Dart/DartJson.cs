using System.Text.Json;
using System.Text.Json.Serialization;

namespace V7Sync.Dart;

/// <summary>
/// DART's JSON: camelCase, unknown members ignored (its schema keeps growing), nulls left out on writes.
/// A null where the types say none may be (`"title": null`, `"results": null`) is a broken response, read as
/// one (a <see cref="JsonException"/>) rather than passed on to fail later as a NullReferenceException.
/// Required constructor parameters are not enforced globally: that would also require the nullable ones
/// (a page's `next`), which writers that leave nulls out omit; members that must be present say so themselves.
/// </summary>
public static class DartJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        Converters = { new DartStringConverter() },
    };
}
