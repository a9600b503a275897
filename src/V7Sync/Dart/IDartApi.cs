using System.Text.Json;
using Refit;

namespace V7Sync.Dart;

/// <summary>
/// The part of DART's public API (https://app.dartai.com/api/v0/public) that V7Sync uses. Tasks come back as JSON
/// elements, each to be read on its own by <see cref="DartTaskReader"/> (docs by <see cref="DartDocReader"/>): one bad item
/// must not fail its whole page.
/// </summary>
public interface IDartApi
{
    [Get("/tasks/list")]
    Task<DartPage<JsonElement>> ListTasksAsync([Query] DartTaskQuery query, CancellationToken cancellationToken);

    /// <summary>DART's <c>{"item": …}</c> answer as it came; <see cref="DartTaskReader.ReadItem"/> reads it.</summary>
    [Get("/tasks/{id}")]
    Task<JsonElement> GetTaskAsync(string id, CancellationToken cancellationToken);

    /// <summary>DART's <c>{"item": …}</c> answer, the created task, as it came; read it like any other task.</summary>
    [Post("/tasks")]
    Task<JsonElement> CreateTaskAsync([Body] DartItem<DartTaskWrite> task, CancellationToken cancellationToken);

    /// <summary>Only the fields set in <paramref name="task"/> change; DART's answer is the task as it is now.</summary>
    [Put("/tasks/{id}")]
    Task<JsonElement> UpdateTaskAsync(string id, [Body] DartItem<DartTaskWrite> task, CancellationToken cancellationToken);

    [Get("/config")]
    Task<DartConfig> GetConfigAsync(CancellationToken cancellationToken);

    /// <summary>A folder's docs, concise (no text); each item read on its own by <see cref="DartDocReader"/>.</summary>
    [Get("/docs/list")]
    Task<DartPage<JsonElement>> ListDocsAsync([Query] DartDocQuery query, CancellationToken cancellationToken);

    /// <summary>DART's <c>{"item": …}</c> answer as it came, the doc with its text; <see cref="DartDocReader.ReadItem"/> reads it.</summary>
    [Get("/docs/{id}")]
    Task<JsonElement> GetDocAsync(string id, CancellationToken cancellationToken);

    /// <summary>A task's comments; each read on its own by <see cref="DartTaskReader.ReadComment"/>.</summary>
    [Get("/comments/list")]
    Task<DartPage<JsonElement>> ListCommentsAsync(
        [AliasAs("task_id")] string taskId, int? limit, int? offset, CancellationToken cancellationToken);

    [Post("/comments")]
    Task<DartItem<DartComment>> AddCommentAsync([Body] DartItem<DartCommentCreate> comment, CancellationToken cancellationToken);
}
