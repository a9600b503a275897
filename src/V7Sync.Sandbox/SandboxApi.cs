using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace V7Sync.Sandbox;

/// <summary>
/// The routes of DART's public API that V7Sync uses, relative to <see cref="BasePath"/>. Handlers are plain
/// <see cref="RequestDelegate"/>s writing JSON straight into the response pipe: no model binding, no reflection.
/// </summary>
internal static class SandboxApi
{
    public const string BasePath = "/api/v0/public";
    public const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder routes, SandboxStore store)
    {
        var api = routes.MapGroup(BasePath);
        // Each route carries its counter key, so counting a request costs no string building.
        api.MapGet("/tasks/list", ctx => ListTasks(ctx, store)).WithMetadata(new SandboxRoute("GET /tasks/list"));
        api.MapGet("/tasks/{id}", ctx => GetTask(ctx, store)).WithMetadata(new SandboxRoute("GET /tasks/{id}"));
        api.MapPost("/tasks", ctx => CreateTask(ctx, store)).WithMetadata(new SandboxRoute("POST /tasks"));
        api.MapPut("/tasks/{id}", ctx => UpdateTask(ctx, store)).WithMetadata(new SandboxRoute("PUT /tasks/{id}"));
        api.MapDelete("/tasks/{id}", ctx => DeleteTask(ctx, store)).WithMetadata(new SandboxRoute("DELETE /tasks/{id}"));
        api.MapGet("/config", ctx => Config(ctx, store)).WithMetadata(new SandboxRoute("GET /config"));
        api.MapGet("/comments/list", ctx => ListComments(ctx, store)).WithMetadata(new SandboxRoute("GET /comments/list"));
        api.MapPost("/comments", ctx => CreateComment(ctx, store)).WithMetadata(new SandboxRoute("POST /comments"));
    }

    private static Task ListTasks(HttpContext ctx, SandboxStore store)
    {
        var q = ctx.Request.Query;
        var errors = new List<string>();
        var noDefaults = ParseBool(q, "no_defaults", errors) ?? false;
        var order = q["o"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var key in order.Where(k => !SortKeys.Contains(k.TrimStart('-'))))
        {
            errors.Add($"o: \"{key}\" is not a valid choice.");
        }

        var query = new TaskListQuery
        {
            UpdatedAtAfter = ParseDate(q, "updated_at_after", errors),
            UpdatedAtBefore = ParseDate(q, "updated_at_before", errors),
            InTrash = ParseBool(q, "in_trash", errors) ?? false,
            IsCompleted = ParseBool(q, "is_completed", errors),
            Dartboard = NullIfEmpty(q["dartboard"]),
            Status = NullIfEmpty(q["status"]),
            Ids = NullIfEmpty(q["ids"]) is { } ids ? ids.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal) : null,
            Order = order,
            Offset = ParseInt(q, "offset", 0, errors),
            Limit = Math.Clamp(ParseInt(q, "limit", 100, errors), 1, MaxLimit),
        };
        if (errors.Count > 0)
        {
            return Errors(ctx, StatusCodes.Status400BadRequest, errors);
        }

        var page = store.List(query);
        return WriteJson(ctx, w =>
        {
            w.WriteStartObject();
            WritePaging(w, ctx, page.Count, query.Offset, query.Limit);
            w.WriteStartArray("results");
            foreach (var task in page.Results)
            {
                w.WriteRawValue(SandboxJson.TaskBytes(task, full: false), skipInputValidation: true);
            }

            w.WriteEndArray();
            w.WriteStartObject("meta");
            w.WriteBoolean("defaultsApplied", !noDefaults);
            w.WriteStartObject("appliedDefaultFilters");
            if (!noDefaults && !q.ContainsKey("in_trash"))
            {
                w.WriteString("in_trash", "false");
            }

            w.WriteEndObject();
            SandboxJson.WriteStrings(w, "appliedDefaultSorts", !noDefaults && order.Count == 0 ? ["order"] : []);
            w.WriteString("instructions", "");
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static Task GetTask(HttpContext ctx, SandboxStore store) =>
        store.Find(Id(ctx)) is { } task ? WriteItem(ctx, task) : NotFound(ctx);

    private static async Task CreateTask(HttpContext ctx, SandboxStore store)
    {
        if (await ReadItemAsync(ctx) is not { } item || Str(item, "title") is not { Length: > 0 } title)
        {
            await Errors(ctx, StatusCodes.Status400BadRequest, ["item.title: This field is required."]);
            return;
        }

        var task = store.Create(title, Str(item, "status"), Str(item, "description") ?? "");
        if (HasEditableFields(item))
        {
            task = store.Update(task.Id, t => Apply(t, item), notify: false);
        }

        await WriteItem(ctx, task);
    }

    private static async Task UpdateTask(HttpContext ctx, SandboxStore store)
    {
        var id = Id(ctx);
        if (store.Find(id) is null)
        {
            await NotFound(ctx);
            return;
        }

        if (await ReadItemAsync(ctx) is not { } item || Str(item, "id") != id)
        {
            await Errors(ctx, StatusCodes.Status400BadRequest, ["item.id: This field is required and must match the path."]);
            return;
        }

        await WriteItem(ctx, store.Update(id, t => Apply(t, item)));
    }

    private static Task DeleteTask(HttpContext ctx, SandboxStore store) =>
        store.Find(Id(ctx)) is null ? NotFound(ctx) : WriteItem(ctx, store.Delete(Id(ctx)));

    private static Task Config(HttpContext ctx, SandboxStore store) => WriteJson(ctx, w =>
    {
        w.WriteStartObject();
        w.WriteString("today", store.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteStartObject("user");
        w.WriteString("name", "Sandbox Conductor");
        w.WriteString("email", "conductor@v7.example");
        w.WriteEndObject();
        SandboxJson.WriteStrings(w, "dartboards", [SandboxDefaults.Dartboard, "General/Active"]);
        SandboxJson.WriteStrings(w, "folders", ["General/Docs", "V7 Migration/Deliverables"]);
        SandboxJson.WriteStrings(w, "types", ["Task", "Project", "Milestone"]);
        SandboxJson.WriteStrings(w, "statuses", SandboxDefaults.Statuses);
        w.WriteStartArray("assignees");
        foreach (var persona in PersonaSimulator.Personas)
        {
            w.WriteStartObject();
            w.WriteString("name", persona);
            w.WriteString("email", $"{persona.ToLowerInvariant().Replace(' ', '.')}@v7.example");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        SandboxJson.WriteStrings(w, "tags", ["v7", "migration"]);
        SandboxJson.WriteStrings(w, "priorities", ["Critical", "High", "Medium", "Low"]);
        SandboxJson.WriteStrings(w, "sizes", ["1", "2", "3", "5", "8"]);
        w.WriteStartArray("customProperties");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static Task ListComments(HttpContext ctx, SandboxStore store)
    {
        if (NullIfEmpty(ctx.Request.Query["task_id"]) is not { } taskId)
        {
            return Errors(ctx, StatusCodes.Status400BadRequest, ["task_id: This field is required."]);
        }

        var errors = new List<string>();
        var offset = ParseInt(ctx.Request.Query, "offset", 0, errors);
        var limit = Math.Clamp(ParseInt(ctx.Request.Query, "limit", 100, errors), 1, MaxLimit);
        if (errors.Count > 0)
        {
            return Errors(ctx, StatusCodes.Status400BadRequest, errors);
        }

        var all = store.Comments(taskId);
        return WriteJson(ctx, w =>
        {
            w.WriteStartObject();
            WritePaging(w, ctx, all.Count, offset, limit);
            w.WriteStartArray("results");
            foreach (var comment in all.Skip(offset).Take(limit))
            {
                SandboxJson.WriteComment(w, comment);
            }

            w.WriteEndArray();
            w.WriteNull("meta");
            w.WriteEndObject();
        });
    }

    private static async Task CreateComment(HttpContext ctx, SandboxStore store)
    {
        if (await ReadItemAsync(ctx) is not { } item || Str(item, "taskId") is not { } taskId || Str(item, "text") is not { } text)
        {
            await Errors(ctx, StatusCodes.Status400BadRequest, ["item.taskId and item.text are required."]);
            return;
        }

        if (store.Find(taskId) is null)
        {
            await NotFound(ctx);
            return;
        }

        var comment = store.AddComment(taskId, text, "sandbox-api@v7.example", Str(item, "parentId"));
        await WriteJson(ctx, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("item");
            SandboxJson.WriteComment(w, comment);
            w.WriteEndObject();
        });
    }

    /// <summary>Only the fields present in the body change, as in DART's update.</summary>
    private static SandboxTask Apply(SandboxTask task, JsonElement item) => task with
    {
        Title = Str(item, "title") ?? task.Title,
        Status = Str(item, "status") ?? task.Status,
        Description = Str(item, "description") ?? task.Description,
        Dartboard = Str(item, "dartboard") ?? task.Dartboard,
        Type = Str(item, "type") ?? task.Type,
        Priority = item.TryGetProperty("priority", out var p) ? (p.ValueKind == JsonValueKind.Null ? null : p.GetString()) : task.Priority,
        Tags = item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? [.. tags.EnumerateArray().Select(t => t.GetString() ?? "")]
            : task.Tags,
        Assignees = item.TryGetProperty("assignees", out var a) && a.ValueKind == JsonValueKind.Array
            ? [.. a.EnumerateArray().Select(t => t.GetString() ?? "")]
            : task.Assignees,
        Size = item.TryGetProperty("size", out var s)
            ? s.ValueKind switch { JsonValueKind.Number => s.GetInt32(), JsonValueKind.String => s.GetString(), _ => null }
            : task.Size,
        UpdatedBy = "sandbox-api@v7.example",
    };

    private static bool HasEditableFields(JsonElement item) =>
        item.EnumerateObject().Any(p => p.Name is not ("title" or "status" or "description"));

    private static async Task<JsonElement?> ReadItemAsync(HttpContext ctx)
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

    private static string? Str(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Id(HttpContext ctx) => (string)ctx.Request.RouteValues["id"]!;

    private static Task WriteItem(HttpContext ctx, SandboxTask task) => WriteJson(ctx, w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("item");
        w.WriteRawValue(SandboxJson.TaskBytes(task, full: true), skipInputValidation: true);
        w.WriteEndObject();
    });

    private static Task NotFound(HttpContext ctx) => Errors(ctx, StatusCodes.Status404NotFound, ["Task not found."]);

    /// <summary>DART's error bodies are Django REST Framework's: {"detail": …} or {"errors": […]}.</summary>
    internal static Task Errors(HttpContext ctx, int status, IReadOnlyList<string> errors)
    {
        ctx.Response.StatusCode = status;
        return WriteJson(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteString("detail", errors[0]);
            SandboxJson.WriteStrings(w, "errors", errors);
            w.WriteEndObject();
        });
    }

    private static async Task WriteJson(HttpContext ctx, Action<Utf8JsonWriter> write)
    {
        ctx.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(ctx.Response.BodyWriter))
        {
            write(writer);
        }

        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }

    /// <summary>DART's list envelope head: count, then absolute next/previous links (null at either end).</summary>
    private static void WritePaging(Utf8JsonWriter w, HttpContext ctx, int count, int offset, int limit)
    {
        w.WriteNumber("count", count);
        SandboxJson.WriteNullableString(w, "next", offset + limit < count ? PageUrl(ctx, offset + limit, limit) : null);
        SandboxJson.WriteNullableString(w, "previous", offset > 0 ? PageUrl(ctx, Math.Max(0, offset - limit), limit) : null);
    }

    /// <summary>An absolute URL to another page: the same query with limit and offset replaced, as DRF builds `next`.</summary>
    private static string PageUrl(HttpContext ctx, int offset, int limit)
    {
        var request = ctx.Request;
        var url = new StringBuilder(128)
            .Append(request.Scheme).Append("://").Append(request.Host.Value).Append(request.PathBase.Value).Append(request.Path.Value)
            .Append('?');
        foreach (var (key, values) in request.Query)
        {
            if (key is "limit" or "offset")
            {
                continue;
            }

            foreach (var value in values)
            {
                url.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value ?? "")).Append('&');
            }
        }

        url.Append("limit=").Append(limit.ToString(CultureInfo.InvariantCulture));
        if (offset > 0)
        {
            url.Append("&offset=").Append(offset.ToString(CultureInfo.InvariantCulture));
        }

        return url.ToString();
    }

    private static readonly HashSet<string> SortKeys = new(StringComparer.Ordinal)
    {
        "order", "dartboard__order", "created_at", "updated_at", "completed_at", "title",
    };

    private static string? NullIfEmpty(StringValues values) => values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];

    private static bool? ParseBool(IQueryCollection q, string key, List<string> errors) => NullIfEmpty(q[key]) switch
    {
        null => null,
        var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1" => true,
        var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) || v == "0" => false,
        var v => AddError<bool?>(errors, $"{key}: \"{v}\" is not a valid boolean.", null),
    };

    private static int ParseInt(IQueryCollection q, string key, int fallback, List<string> errors) => NullIfEmpty(q[key]) switch
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

/// <summary>The request-counter key of a sandbox route ("GET /tasks/{id}").</summary>
internal sealed record SandboxRoute(string Key);
