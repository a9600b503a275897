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
        // Only the id and the title of each item matter here (most are near misses: P1.T30 for P1.T3); the one that
        // carries the key is read whole from DART's full record, which the link applies (attachments, description).
        await foreach (var (_, page) in PagesAsync(rules.Sync.KeyInTitle(key), cancellationToken))
        {
            if (page.FirstOrDefault(item => KeyOf(item) == key) is { ValueKind: JsonValueKind.Object } match
                && DartTaskReader.ReadId(match) is { } id)
            {
                return await FullRecordAsync(id, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>
    /// Looks for several keys at once, so a batch of creates does not cost a search each: per phase with two or more
    /// of them, one title filter on the phase's part of the title ("P1.T"), read to its end only while that takes fewer
    /// requests than a search per key. Returns the keys it settled (null: DART has none); the others are left to
    /// <see cref="FindAsync"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<WorkOrderKey, DartTask?>> FindManyAsync(IEnumerable<WorkOrderKey> keys, CancellationToken cancellationToken)
    {
        var settled = new Dictionary<WorkOrderKey, DartTask?>();
        foreach (var phase in keys.GroupBy(k => k.Phase).Select(g => g.ToHashSet()).Where(g => g.Count > 1))
        {
            if (rules.Sync.PhaseInTitle(phase.First().Phase) is not { } filter
                || await CarriersAsync(filter, phase, maxPages: phase.Count - 1, cancellationToken) is not { } carriers)
            {
                continue;
            }

            foreach (var key in phase)
            {
                settled[key] = carriers.TryGetValue(key, out var id) ? await FullRecordAsync(id, cancellationToken) : null;
            }
        }

        return settled;
    }

    /// <summary>
    /// The first DART task id carrying each wanted key; null when the listing would take more than
    /// <paramref name="maxPages"/> pages (DART's first page counts the matches).
    /// </summary>
    private async Task<Dictionary<WorkOrderKey, string>?> CarriersAsync(string filter, HashSet<WorkOrderKey> wanted, int maxPages,
        CancellationToken cancellationToken)
    {
        var carriers = new Dictionary<WorkOrderKey, string>();
        var pages = 0;
        await foreach (var (count, page) in PagesAsync(filter, cancellationToken))
        {
            if (++pages > maxPages || (pages == 1 && (count + options.Value.PageSize - 1) / options.Value.PageSize > maxPages))
            {
                return null;
            }

            foreach (var item in page)
            {
                if (KeyOf(item) is { } key && wanted.Contains(key) && !carriers.ContainsKey(key) && DartTaskReader.ReadId(item) is { } id)
                {
                    carriers[key] = id;
                }
            }
        }

        return carriers;
    }

    /// <summary>The pages DART lists for a title filter (tasks in the trash left out) with its count of matches, until it says there are no more.</summary>
    private async IAsyncEnumerable<(int Count, IReadOnlyList<JsonElement> Items)> PagesAsync(string title,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pageSize = options.Value.PageSize;
        for (var offset = 0; ; offset += pageSize)
        {
            var page = await dart.ListTasksAsync(new DartTaskQuery
            {
                Title = title,
                InTrash = DartTaskQuery.Format(false),
                Limit = pageSize,
                Offset = offset,
            }, cancellationToken);
            yield return (page.Count, page.Results);
            if (page.Next is null || page.Results.Count == 0)
            {
                yield break;
            }
        }
    }

    private async Task<DartTask?> FullRecordAsync(string id, CancellationToken cancellationToken) =>
        (await dart.FetchTaskAsync(id, logger, cancellationToken))?.Task;

    private WorkOrderKey? KeyOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String
            ? rules.Sync.FindKey(DartText.SingleLine(title.GetString()!, DartText.MaxTitleLength))
            : null;
}
