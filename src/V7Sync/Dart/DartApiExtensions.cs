using System.Net;
using System.Text.Json;
using Refit;
using V7Sync.Sync;

namespace V7Sync.Dart;

internal static class DartApiExtensions
{
    /// <summary>
    /// A task's full record, or null when DART answers 404 (deleted, or gone between a list and the fetch). Every
    /// other failure, a 400 included, is thrown: a task that could not be read must fail the cycle (which keeps
    /// the watermark), not be skipped as if it had vanished. The one place that decides "vanished", for every caller.
    /// </summary>
    public static async Task<DartTask?> GetTaskOrNullAsync(this IDartApi dart, string id, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return (await dart.GetTaskAsync(id, cancellationToken)).Item
                ?? throw new JsonException($"DART's response to GET /tasks/{id} has a null item.");
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            logger.TaskVanished(id);
            return null;
        }
    }
}
