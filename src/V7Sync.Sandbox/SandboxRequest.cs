using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace V7Sync.Sandbox;

/// <summary>
/// Reads a sandbox request as DART reads it: the `{"item": …}` body, the route id, and query values, where a value
/// DART would refuse becomes a message in DRF's words (collected, so one 400 names every bad value).
/// </summary>
internal static class SandboxRequest
{
    /// <summary>GET /tasks/list's filters, sort and page; each value DART would refuse adds its message to <paramref name="errors"/>.</summary>
    public static TaskListQuery ListQuery(IQueryCollection q, List<string> errors)
    {
        var order = q["o"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var key in order.Where(k => !SortKeys.Contains(k.TrimStart('-'))))
        {
            errors.Add($"o: \"{key}\" is not a valid choice.");
        }

        return new TaskListQuery
        {
            UpdatedAtAfter = ParseDate(q, "updated_at_after", errors),
            UpdatedAtBefore = ParseDate(q, "updated_at_before", errors),
            InTrash = ParseBool(q, "in_trash", errors) ?? false,
            IsCompleted = ParseBool(q, "is_completed", errors),
            Dartboard = NullIfEmpty(q["dartboard"]),
            Status = NullIfEmpty(q["status"]),
            Title = NullIfEmpty(q["title"]),
            Ids = NullIfEmpty(q["ids"]) is { } ids ? ids.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal) : null,
            Order = order,
            Offset = ParseInt(q, "offset", 0, errors),
            Limit = Math.Clamp(ParseInt(q, "limit", 100, errors), 1, SandboxApi.MaxLimit),
        };
    }

    public static async Task<JsonElement?> ReadItemAsync(HttpContext ctx)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("item", out var item)
                   && item.ValueKind == JsonValueKind.Object
                ? item.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Str(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string Id(HttpContext ctx) => (string)ctx.Request.RouteValues["id"]!;

    private static readonly HashSet<string> SortKeys = new(StringComparer.Ordinal)
    {
        "order", "dartboard__order", "created_at", "updated_at", "completed_at", "title",
    };

    public static string? NullIfEmpty(StringValues values) => values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];

    public static bool? ParseBool(IQueryCollection q, string key, List<string> errors) => NullIfEmpty(q[key]) switch
    {
        null => null,
        var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1" => true,
        var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) || v == "0" => false,
        var v => AddError<bool?>(errors, $"{key}: \"{v}\" is not a valid boolean.", null),
    };

    public static int ParseInt(IQueryCollection q, string key, int fallback, List<string> errors) => NullIfEmpty(q[key]) switch
    {
        null => fallback,
        var v when int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        var v => AddError(errors, $"{key}: \"{v}\" is not a valid non-negative integer.", fallback),
    };

    private static DateTimeOffset? ParseDate(IQueryCollection q, string key, List<string> errors)
    {
        if (NullIfEmpty(q[key]) is not { } raw)
        {
            return null;
        }

        // An unencoded '+' in "+00:00" arrives as a space; read it as the client meant it.
        var text = raw.Replace(' ', '+');
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : AddError<DateTimeOffset?>(errors, $"{key}: Enter a valid date/time.", null);
    }

    private static T AddError<T>(List<string> errors, string message, T fallback)
    {
        errors.Add(message);
        return fallback;
    }
}
