using V7Sync.Dart;

namespace V7Sync.Deliverables;

/// <summary>What the webhook processor hands on about deliverables that are not in a task snapshot.</summary>
internal interface IDeliverableEvents
{
    /// <summary>doc.created / doc.updated: a doc in a report folder becomes a deliverable at once; doc.deleted: forgotten.</summary>
    Task ApplyDocAsync(string eventType, DartDocRead doc, CancellationToken cancellationToken);

    /// <summary>A comment's doc links whose task no work order is linked to yet: kept until one is.</summary>
    Task KeepCommentLinksAsync(DartComment comment, IReadOnlyCollection<string> links, CancellationToken cancellationToken);

    /// <summary>Kept comment links whose task is linked now (by the snapshots just applied, say): applied. Never throws but for shutdown.</summary>
    Task ApplyKeptCommentLinksAsync(CancellationToken cancellationToken);
}
