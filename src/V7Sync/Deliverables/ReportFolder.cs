using V7Sync.Dart;

namespace V7Sync.Deliverables;

/// <summary>
/// A DART docs folder personas file reports in (the guide's §6.2): one of Dart:ReportFolders (every phase's, <see cref="Phase"/>
/// null) or of Dart:PhaseFolders (one phase's: a report there belongs to a work order of that phase only).
/// </summary>
public sealed record ReportFolder(string Title, int? Phase)
{
    /// <summary>The folders the configuration names: Dart:ReportFolders (default the guide's), then Dart:PhaseFolders by phase.</summary>
    public static IReadOnlyList<ReportFolder> All(DartOptions options) =>
    [
        .. (options.ReportFolders ?? [DartOptions.DefaultReportFolder])
            .Where(title => !string.IsNullOrWhiteSpace(title))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(title => new ReportFolder(title, null)),
        .. options.PhaseFolders.OrderBy(p => p.Key).Select(p => new ReportFolder(p.Value, p.Key)),
    ];

    /// <summary>The configured folder a doc is in (DART names it by title), or null when it is in none of them.</summary>
    public static ReportFolder? Of(IReadOnlyList<ReportFolder> folders, string folderTitle) =>
        folders.FirstOrDefault(f => string.Equals(f.Title, folderTitle, StringComparison.OrdinalIgnoreCase));
}
