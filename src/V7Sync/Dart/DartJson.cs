using System.Text.Json;
using System.Text.Json.Serialization;

namespace V7Sync.Dart;

/// <summary>DART's JSON: camelCase, unknown members ignored (its schema keeps growing), nulls left out on writes.</summary>
public static class DartJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
