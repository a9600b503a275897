using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static V7Sync.Sandbox.SandboxRequest;
using static V7Sync.Sandbox.SandboxResponse;

namespace V7Sync.Sandbox;

/// <summary>
/// The routes of DART's public API that V7Sync uses, relative to <see cref="BasePath"/>, and the task reads. Writes
/// are in <see cref="SandboxTaskWrites"/>, the workspace and comments in <see cref="SandboxWorkspaceApi"/>, the docs in
/// <see cref="SandboxDocsApi"/>. Handlers
/// are plain <see cref="RequestDelegate"/>s writing JSON straight into the response pipe: no model binding, no reflection.
/// </summary>
internal static class SandboxApi
{
    public const string BasePath = "/api/v0/public";
    public const int MaxLimit = 1000;

    public static void Map(IEndpointRouteBuilder routes, SandboxStore store, SandboxCreates creates, SandboxDocs docs)
    {
        var api = routes.MapGroup(BasePath);
        // Each route carries its counter key, so counting a request costs no string building.
        api.MapGet("/tasks/list", ctx => ListTasks(ctx, store)).WithMetadata(new SandboxRoute("GET /tasks/list"));
        api.MapGet("/tasks/{id}", ctx => GetTask(ctx, store)).WithMetadata(new SandboxRoute("GET /tasks/{id}"));
        api.MapPost("/tasks", ctx => SandboxTaskWrites.CreateAsync(ctx, store, creates)).WithMetadata(new SandboxRoute("POST /tasks"));
        api.MapPut("/tasks/{id}", ctx => SandboxTaskWrites.UpdateAsync(ctx, store)).WithMetadata(new SandboxRoute("PUT /tasks/{id}"));
        api.MapDelete("/tasks/{id}", ctx => DeleteTask(ctx, store)).WithMetadata(new SandboxRoute("DELETE /tasks/{id}"));
        api.MapGet("/config", ctx => SandboxWorkspaceApi.Config(ctx, store)).WithMetadata(new SandboxRoute("GET /config"));
        api.MapGet("/comments/list", ctx => SandboxWorkspaceApi.ListComments(ctx, store)).WithMetadata(new SandboxRoute("GET /comments/list"));
        api.MapPost("/comments", ctx => SandboxWorkspaceApi.CreateCommentAsync(ctx, store)).WithMetadata(new SandboxRoute("POST /comments"));
        api.MapGet("/docs/list", ctx => SandboxDocsApi.ListDocs(ctx, docs)).WithMetadata(new SandboxRoute("GET /docs/list"));
        api.MapGet("/docs/{id}", ctx => SandboxDocsApi.GetDoc(ctx, docs)).WithMetadata(new SandboxRoute("GET /docs/{id}"));
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

    private static Task DeleteTask(HttpContext ctx, SandboxStore store) =>
        store.Find(Id(ctx)) is null ? NotFound(ctx) : WriteItem(ctx, store.Delete(Id(ctx)));
}
