using Microsoft.AspNetCore.Http;
using static V7Sync.Sandbox.SandboxRequest;
using static V7Sync.Sandbox.SandboxResponse;

namespace V7Sync.Sandbox;

/// <summary>
/// POST /tasks and PUT /tasks/{id}: the body read by <see cref="TaskEdit"/> (400 with every refused field), then one
/// store write that DART's webhooks announce, answered with the full record as DART does (200, not 201).
/// </summary>
internal static class SandboxTaskWrites
{
    public static async Task CreateAsync(HttpContext ctx, SandboxStore store, SandboxCreates creates)
    {
        if (await ReadItemAsync(ctx) is not { } item)
        {
            await Errors(ctx, StatusCodes.Status400BadRequest, ["item: This field is required."]);
            return;
        }

        var edit = TaskEdit.Read(item, store, self: null);
        if (edit.Errors.Count > 0)
        {
            await Errors(ctx, StatusCodes.Status400BadRequest, edit.Errors);
            return;
        }

        var draft = new SandboxTask { Id = store.NewTaskId(), Title = "", CreatedAt = default, UpdatedAt = default, CreatedBy = SandboxDefaults.ApiUser };
        var task = store.Create(edit.ApplyTo(draft));
        await creates.ReceivedAsync(task);
        await WriteItem(ctx, task);
    }

    /// <summary>Only the fields present change; a body that changes nothing leaves the task (and its updatedAt) as it was and sends nothing.</summary>
    public static async Task UpdateAsync(HttpContext ctx, SandboxStore store)
    {
        var id = Id(ctx);
        if (store.Find(id) is null)
        {
            await NotFound(ctx);
            return;
        }

        if (await ReadItemAsync(ctx) is not { } item || Str(item, "id") != id)
        {
            await Errors(ctx, StatusCodes.Status400BadRequest, ["id: This field is required and must match the path."]);
            return;
        }

        var edit = TaskEdit.Read(item, store, self: id);
        if (edit.Errors.Count > 0)
        {
            await Errors(ctx, StatusCodes.Status400BadRequest, edit.Errors);
            return;
        }

        await WriteItem(ctx, store.Update(id, edit.ApplyTo));
    }
}
