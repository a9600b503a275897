using Microsoft.AspNetCore.WebUtilities;

namespace V7Sync.Dart;

/// <summary>DART's limit/offset paging: where the absolute `next` link of a list page says the next page starts.</summary>
internal static class DartPaging
{
    /// <summary>The next page's offset and limit; a link that does not move forward is a broken answer, not a loop.</summary>
    public static (int Offset, int? Limit) Next(Uri next, int? currentOffset, int? currentLimit)
    {
        var parameters = QueryHelpers.ParseQuery(next.Query);
        var offset = parameters.TryGetValue("offset", out var o) && int.TryParse(o, out var parsedOffset) ? parsedOffset : (int?)null;
        var limit = parameters.TryGetValue("limit", out var l) && int.TryParse(l, out var parsedLimit) ? parsedLimit : currentLimit;
        if (offset is null || offset <= currentOffset)
        {
            throw new DartProtocolException($"DART's next page link does not move forward (offset {currentOffset} → {offset?.ToString() ?? "none"}).");
        }

        return (offset.Value, limit);
    }
}
