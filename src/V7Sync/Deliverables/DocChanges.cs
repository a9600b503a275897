namespace V7Sync.Deliverables;

/// <summary>
/// What changed in a report folder since it was last read. DART's docs carry no timestamp and /docs/list no
/// updated-since filter, so the folder is listed most recently updated first and compared with the order and titles
/// seen last time: an edited doc moves up past docs it used to follow. A doc is changed when it is new, renamed, or
/// listed before one it used to follow, or further up than it was. Pure, so every case is unit-tested (DocChangesTests).
/// An edit of the doc already listed first moves nothing: the doc.updated webhook brings that one.
/// </summary>
public static class DocChanges
{
    /// <param name="listed">The items listed so far this walk, in DART's order: each one's key (doc id, or #hash of an
    /// item without one) and title (null for an item that did not read).</param>
    /// <param name="seenOrder">The folder's order when it was last read (doc_order).</param>
    /// <param name="seenTitles">The title of each doc read before.</param>
    /// <returns>The keys of the listed items that changed.</returns>
    public static IReadOnlySet<string> Find(IReadOnlyList<(string Key, string? Title)> listed, IReadOnlyList<string> seenOrder,
        IReadOnlyDictionary<string, string> seenTitles)
    {
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < seenOrder.Count; i++)
        {
            before.TryAdd(seenOrder[i], i);
        }

        var changed = new HashSet<string>(StringComparer.Ordinal);
        // The smallest former position among the items listed after this one: one that was before this one.
        var followsFormerly = int.MaxValue;
        for (var i = listed.Count - 1; i >= 0; i--)
        {
            var (key, title) = listed[i];
            if (!before.TryGetValue(key, out var was))
            {
                changed.Add(key);
                continue;
            }

            var renamed = title is not null && seenTitles.TryGetValue(key, out var seen) && !string.Equals(seen, title, StringComparison.Ordinal);
            if (renamed || was > followsFormerly || was > i)
            {
                changed.Add(key);
            }

            followsFormerly = Math.Min(followsFormerly, was);
        }

        return changed;
    }

    /// <summary>The folder's order to keep: what was listed, in DART's order, then what was seen before and not listed now.</summary>
    public static IReadOnlyList<string> Merge(IEnumerable<string> listed, IReadOnlyList<string> seenOrder)
    {
        var order = listed.Distinct(StringComparer.Ordinal).ToList();
        var kept = new HashSet<string>(order, StringComparer.Ordinal);
        order.AddRange(seenOrder.Where(kept.Add));
        return order;
    }
}
