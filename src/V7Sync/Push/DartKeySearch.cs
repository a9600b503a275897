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
                Order = "created_at",
                Limit = pageSize,
                Offset = offset,
            }, cancellationToken);
            var match = DartTaskReader.ReadPage(page, offset).Select(r => r.Task).FirstOrDefault(t => t is not null && rules.Sync.FindKey(t.Title) == key);
            if (match is not null)
            {
                // The list item lacks what the link applies (attachments, description): DART's full record.
                return (await dart.FetchTaskAsync(match.Id, logger, cancellationToken))?.Task;
            }

            if (page.Next is null || page.Results.Count == 0)
            {
                return null;
            }
        }
    }
}
