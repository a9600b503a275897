using System.Net;
using Refit;
using V7Sync.Dart;

namespace V7Sync.Deliverables;

internal static class DocFetch
{
    /// <summary>A doc with its text, read by <see cref="DartDocReader"/> (or set aside); null when DART answers 404 (deleted since).</summary>
    public static async Task<DartDocRead?> FetchDocAsync(this IDartApi dart, string id, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return DartDocReader.ReadItem(await dart.GetDocAsync(id, cancellationToken), id);
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            logger.DocVanished(id);
            return null;
        }
    }
}
