using System.Net;
using Refit;

namespace V7Sync.Dart;

internal static class DartApiExtensions
{
    /// <summary>
    /// A task's full record read by <see cref="DartTaskReader"/> (a task, or one set aside as unreadable), or null
    /// when DART answers 404 (deleted, or gone between a list and the fetch). Every other failure, a 400 included,
    /// is thrown: a task DART would not give must fail the cycle (which keeps the watermark), not be skipped as if it
    /// had vanished. The one place that decides "vanished", for every caller.
    /// </summary>
    public static async Task<DartTaskRead?> FetchTaskAsync(this IDartApi dart, string id, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return DartTaskReader.ReadItem(await dart.GetTaskAsync(id, cancellationToken), id);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            logger.TaskVanished(id);
            return null;
        }
    }
}
