using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Tracking;
using V7Sync.Webhooks;

namespace V7Sync.Deliverables;

/// <summary>The webhook side of report docs and kept comment links (<see cref="IDeliverableEvents"/>), source webhook.</summary>
internal sealed class DeliverableEvents(
    IDartApi dart, ReportDocApplier applier, PendingCommentLinks pending, IOptions<DartOptions> options, ILogger<DeliverableEvents> logger)
    : IDeliverableEvents
{
    public async Task ApplyDocAsync(string eventType, DartDocRead doc, CancellationToken cancellationToken)
    {
        if (eventType == DartEventKinds.DocDeleted)
        {
            if (DartTaskReader.IsDartId(doc.Key))
            {
                await applier.ForgetAsync(doc.Key, AuditSources.Webhook, cancellationToken);
            }

            return;
        }

        if (doc.Doc is not { } model || ReportFolder.Of(ReportFolder.All(options.Value), model.Folder) is not { } folder)
        {
            return; // not a report folder's doc: nothing to do
        }

        // A model without its text (a concise one) is fetched: the text may link the task the report is about.
        var full = model.Text is not null ? model : (await dart.FetchDocAsync(model.Id, logger, cancellationToken))?.Doc;
        if (full is not null)
        {
            // DART just listed it first in its folder (most recently updated): the poll then finds nothing new.
            await applier.ApplyAsync(folder, [full], stored => DocChanges.Merge([full.Id], stored), AuditSources.Webhook, cancellationToken);
        }
    }

    public Task KeepCommentLinksAsync(DartComment comment, IReadOnlyCollection<string> links, CancellationToken cancellationToken) =>
        pending.KeepAsync(comment, links, cancellationToken);

    public async Task ApplyKeptCommentLinksAsync(CancellationToken cancellationToken)
    {
        try
        {
            await pending.ApplyLinkedAsync(AuditSources.Webhook, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Its snapshots are applied already; the next sync cycle applies the kept links.
            logger.KeptLinksNotApplied(DartFailure.Describe(ex));
        }
    }
}
