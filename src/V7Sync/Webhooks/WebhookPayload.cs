using System.Globalization;
using System.Text.Json;
using V7Sync.Dart;

namespace V7Sync.Webhooks;

/// <summary>
/// Reads DART's <c>{"type", "data"}</c> payloads tolerantly: the model is <c>data.model</c> when present, else
/// <c>data</c> itself, because both shapes occur (dart-api.md §7).
/// </summary>
internal static class WebhookPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the envelope; false with a reason when the body is not JSON or lacks <c>type</c> or <c>data</c>.</summary>
    public static bool TryReadEnvelope(ReadOnlyMemory<byte> body, out WebhookEnvelope envelope, out string error)
    {
        envelope = null!;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The body is not a JSON object.";
                return false;
            }

            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(typeElement.GetString()))
            {
                error = "The body has no \"type\" string.";
                return false;
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                error = "The body has no \"data\" object.";
                return false;
            }

            envelope = ReadEnvelope(typeElement.GetString()!, Model(data));
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            error = $"The body is not valid JSON: {ex.Message}";
            return false;
        }
    }

    /// <summary>The task of a task event, read from a stored body.</summary>
    public static DartTask ReadTask(ReadOnlyMemory<byte> body) => ReadModel<DartTask>(body);

    /// <summary>The comment of a comment event, read from a stored body.</summary>
    public static DartComment ReadComment(ReadOnlyMemory<byte> body) => ReadModel<DartComment>(body);

    private static T ReadModel<T>(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        return Model(document.RootElement.GetProperty("data")).Deserialize<T>(Json)
            ?? throw new JsonException($"The event's model is null, not a {typeof(T).Name}.");
    }

    private static JsonElement Model(JsonElement data) =>
        data.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object ? model : data;

    private static WebhookEnvelope ReadEnvelope(string type, JsonElement model)
    {
        var category = DartEventKinds.Categorize(type);
        var id = String(model, "id");
        switch (category)
        {
            case WebhookEventCategory.TaskSnapshot or WebhookEventCategory.TaskDeleted:
                var updatedAtText = String(model, "updatedAt");
                var updatedAt = ParseTimestamp(updatedAtText);
                // The same event re-sent has the same kind, task and updatedAt (DART sends no delivery id).
                var key = id is null || updatedAtText is null
                    ? null
                    : $"{type}|{id}|{(updatedAt is { } at ? at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : updatedAtText)}";
                return new WebhookEnvelope(type, category, id, updatedAt, key);
            case WebhookEventCategory.Comment:
                // A comment is created once and carries no timestamp: its id identifies the event.
                return new WebhookEnvelope(type, category, String(model, "taskId"), null, id is null ? null : $"{type}|{id}");
            default:
                // Docs have no updatedAt, so two doc.updated events differ only by body; the body hash dedupes those.
                return new WebhookEnvelope(type, category, null, null, null);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.ToUniversalTime() : null;
}
