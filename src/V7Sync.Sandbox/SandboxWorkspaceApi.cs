using System.Globalization;
using Microsoft.AspNetCore.Http;
using static V7Sync.Sandbox.SandboxRequest;
using static V7Sync.Sandbox.SandboxResponse;

namespace V7Sync.Sandbox;

/// <summary>GET /config (the workspace the sandbox pretends to be) and the comments routes.</summary>
internal static class SandboxWorkspaceApi
{
    public static Task Config(HttpContext ctx, SandboxStore store) => WriteJson(ctx, w =>
    {
        w.WriteStartObject();
        w.WriteString("today", store.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteStartObject("user");
        w.WriteString("name", "Sandbox Conductor");
        w.WriteString("email", SandboxDefaults.ApiUser);
        w.WriteEndObject();
        SandboxJson.WriteStrings(w, "dartboards", SandboxDefaults.Dartboards);
        SandboxJson.WriteStrings(w, "folders", ["General/Docs", SandboxDefaults.ReportFolder, "V7 Migration/Deliverables"]);
        SandboxJson.WriteStrings(w, "types", ["Task", "Project", "Milestone"]);
        SandboxJson.WriteStrings(w, "statuses", SandboxDefaults.Statuses);
        w.WriteStartArray("assignees");
        foreach (var persona in PersonaSimulator.Personas)
        {
            w.WriteStartObject();
            w.WriteString("name", persona);
            w.WriteString("email", PersonaSimulator.Email(persona));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        SandboxJson.WriteStrings(w, "tags", ["v7", "migration"]);
        SandboxJson.WriteStrings(w, "priorities", SandboxDefaults.Priorities);
        SandboxJson.WriteStrings(w, "sizes", ["1", "2", "3", "5", "8"]);
        w.WriteStartArray("customProperties");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public static Task ListComments(HttpContext ctx, SandboxStore store)
    {
        if (NullIfEmpty(ctx.Request.Query["task_id"]) is not { } taskId)
        {
            return Errors(ctx, StatusCodes.Status400BadRequest, ["task_id: This field is required."]);
        }

        var errors = new List<string>();
        var offset = ParseInt(ctx.Request.Query, "offset", 0, errors);
        var limit = Math.Clamp(ParseInt(ctx.Request.Query, "limit", 100, errors), 1, SandboxApi.MaxLimit);
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

    /// <summary>Adds the comment and sends comment.created, as DART does.</summary>
    public static async Task CreateCommentAsync(HttpContext ctx, SandboxStore store)
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

        var comment = store.AddComment(taskId, text, SandboxDefaults.ApiUser, Str(item, "parentId"));
        await WriteJson(ctx, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("item");
            SandboxJson.WriteComment(w, comment);
            w.WriteEndObject();
        });
    }
}
