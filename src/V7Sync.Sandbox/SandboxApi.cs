using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static V7Sync.Sandbox.SandboxRequest;
using static V7Sync.Sandbox.SandboxResponse;

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
        var query = ListQuery(q, errors);
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
            SandboxJson.WriteStrings(w, "appliedDefaultSorts", !noDefaults && query.Order.Count == 0 ? ["order"] : []);
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
}
