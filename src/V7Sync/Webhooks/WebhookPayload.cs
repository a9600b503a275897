using System.Globalization;
using System.Text.Json;
using V7Sync.Dart;

namespace V7Sync.Webhooks;

/// <summary>
/// Reads DART's <c>{"type", "data"}</c> payloads tolerantly: the model is <c>data.model</c> when present, else
/// <c>data</c> itself, because both shapes occur (dart-api.md §7). The models themselves are read by the same
/// reader as the poll's (<see cref="DartTaskReader"/>); what the envelope keeps for the inbox row is made safe too,
/// since a NUL there would make the database refuse the delivery and DART send it again for ever.
/// </summary>
internal static class WebhookPayload
{
    /// <summary>An event kind longer than this is not one of DART's; kept cut, as an unknown kind.</summary>
    private const int MaxTypeLength = 100;

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

            envelope = ReadEnvelope(DartText.SingleLine(typeElement.GetString()!, MaxTypeLength), Model(data));
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a type string that does not decode (a lone surrogate, bytes that are not UTF-8).
            error = DartText.SingleLine($"The body is not valid JSON: {ex.Message}", DartText.MaxReasonLength);
            return false;
        }
    }

    /// <summary>The task of a task event, read from a stored body; <paramref name="position"/> names it if its id does not read.</summary>
    public static DartTaskRead ReadTask(ReadOnlyMemory<byte> body, string position)
    {
        using var document = JsonDocument.Parse(body);
        return DartTaskReader.Read(Model(document.RootElement.GetProperty("data")), position);
    }

    /// <summary>The comment of a comment event, read from a stored body; null with a <paramref name="reason"/> when it does not read.</summary>
    public static DartComment? ReadComment(ReadOnlyMemory<byte> body, out string reason)
    {
        using var document = JsonDocument.Parse(body);
        return DartTaskReader.ReadComment(Model(document.RootElement.GetProperty("data")), out reason);
    }

    /// <summary>The doc of a doc event, read from a stored body by <see cref="DartDocReader"/> (or set aside).</summary>
    public static DartDocRead ReadDoc(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        return DartDocReader.Read(Model(document.RootElement.GetProperty("data")));
    }

    private static JsonElement Model(JsonElement data) =>
        data.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.Object ? model : data;

    private static WebhookEnvelope ReadEnvelope(string type, JsonElement model)
    {
        var category = DartEventKinds.Categorize(type);
        // Only DART's own ids are kept for the row: anything else in "id" is no id (the processor then sets it aside).
        var id = DartTaskReader.ReadId(model);
        switch (category)
        {
            case WebhookEventCategory.TaskSnapshot or WebhookEventCategory.TaskDeleted:
                var updatedAtText = String(model, "updatedAt");
                var updatedAt = ParseTimestamp(updatedAtText);
                // The same event re-sent has the same kind, task and updatedAt (DART sends no delivery id).
                var key = id is null || updatedAtText is null
                    ? null
                    : $"{type}|{id}|{(updatedAt is { } at ? DartTimestamp.Format(at) : DartText.Visible(updatedAtText, 64))}";
                return new WebhookEnvelope(type, category, id, updatedAt, key);
            case WebhookEventCategory.Comment:
                // A comment is created once and carries no timestamp: its id identifies the event.
                var taskId = String(model, "taskId");
                return new WebhookEnvelope(type, category, DartTaskReader.IsDartId(taskId) ? taskId : null, null, id is null ? null : $"{type}|{id}");
            default:
                // Docs have no updatedAt, so two doc.updated events differ only by body; the body hash dedupes those.
                return new WebhookEnvelope(type, category, null, null, null);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? DartText.SingleLine(value.GetString()!) : null;

    private static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.ToUniversalTime() : null;
}
