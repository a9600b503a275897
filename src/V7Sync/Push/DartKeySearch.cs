using System.Text.Json;
using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Sync;

namespace V7Sync.Push;

/// <summary>
/// Finds the DART task that carries a work-order key, if one does: DART's title filter (a substring match, so "P1.T3"
/// also finds "P1.T30"), then the work-order key rule on each title (<see cref="SyncRules.FindKey"/>), then its full record.
/// </summary>
internal sealed class DartKeySearch(IDartApi dart, PushRules rules, IOptions<DartOptions> options, ILogger<DartKeySearch> logger)
{
    public async Task<DartTask?> FindAsync(WorkOrderKey key, CancellationToken cancellationToken)
    {
        var pageSize = options.Value.PageSize;
        for (var offset = 0; ; offset += pageSize)
        {
            var page = await dart.ListTasksAsync(new DartTaskQuery
            {
                Title = rules.Sync.KeyInTitle(key),
                InTrash = DartTaskQuery.Format(false),
                Limit = pageSize,
                Offset = offset,
            }, cancellationToken);
            // Only the id and the title of each item matter here (most are near misses: P1.T30 for P1.T3); the one that
            // carries the key is read whole from DART's full record, which the link applies (attachments, description).
            if (page.Results.FirstOrDefault(item => Carries(item, key)) is { ValueKind: JsonValueKind.Object } match
                && DartTaskReader.ReadId(match) is { } id)
            {
                return (await dart.FetchTaskAsync(id, logger, cancellationToken))?.Task;
            }

            if (page.Next is null || page.Results.Count == 0)
            {
                return null;
            }
        }
    }

    private bool Carries(JsonElement item, WorkOrderKey key) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String
        && rules.Sync.FindKey(DartText.SingleLine(title.GetString()!, DartText.MaxTitleLength)) == key;
}
