namespace V7Sync.Deliverables;

/// <summary>Source-generated log messages of the report docs and comment links (event ids 7000-7099).</summary>
internal static partial class DeliverablesLog
{
    [LoggerMessage(7000, LogLevel.Warning, "DART refused to list report folder '{Folder}' (Dart:ReportFolders / Dart:PhaseFolders): {Reason}; its reports are not read")]
    public static partial void ReportFolderRefused(this ILogger logger, string folder, string reason);

    [LoggerMessage(7001, LogLevel.Warning, "Report doc {Doc} in folder '{Folder}' was set aside: {Reason}")]
    public static partial void ReportDocSetAside(this ILogger logger, string folder, string doc, string reason);

    [LoggerMessage(7002, LogLevel.Information, "DART doc {DocId} was not found when fetched")]
    public static partial void DocVanished(this ILogger logger, string docId);

    [LoggerMessage(7003, LogLevel.Warning, "A comment on DART task {DartTaskId} was set aside: {Reason}")]
    public static partial void CommentSetAside(this ILogger logger, string dartTaskId, string reason);

    [LoggerMessage(7004, LogLevel.Warning, "Comment links kept for tasks that were not linked could not be applied now; the next sync cycle tries again: {Reason}")]
    public static partial void KeptLinksNotApplied(this ILogger logger, string reason);
}
