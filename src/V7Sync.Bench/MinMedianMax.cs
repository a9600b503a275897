using System.Globalization;

namespace V7Sync.Bench;

/// <summary>How every bench prints a figure over several runs: "min / median / max".</summary>
internal static class MinMedianMax
{
    public static string Format(IEnumerable<double> values, string format)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return "n/a";
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return string.Join(" / ", new[] { sorted[0], median, sorted[^1] }.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));
    }
}
