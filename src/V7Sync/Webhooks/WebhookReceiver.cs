using Npgsql;
using V7Sync.Hosting;

namespace V7Sync.Webhooks;

/// <summary>
/// Takes one delivery the endpoint has read: checks its signature, reads its envelope and stores it durably,
/// then wakes the processor. The endpoint only translates the outcome into HTTP. A database outage is one episode
/// (a line when it starts, one when the next delivery is stored, with the count answered 503 meanwhile).
/// </summary>
internal sealed class WebhookReceiver(
    WebhookSignature signature, WebhookInbox inbox, InboxSignal signal, TimeProvider time, ILogger<WebhookReceiver> logger)
{
    private readonly FaultEpisode _outage = new(logger, time, "Webhook endpoint",
        "the tracking database is unavailable, deliveries are answered 503", "the tracking database stores deliveries again",
        "delivery(ies) answered 503");

    public async Task<ReceiveOutcome> ReceiveAsync(byte[] body, string? signatureHeader, CancellationToken cancellationToken)
    {
        if (!signature.IsValid(body, signatureHeader))
        {
            logger.SignatureRefused(signatureHeader is null ? "missing" : "wrong");
            WebhookMetrics.Reject("signature");
            return ReceiveOutcome.Unauthorized;
        }

        try
        {
            if (!WebhookPayload.TryReadEnvelope(body, out var envelope, out var error))
            {
                // Authentic DART data even so: keep it, rejected, for the conductor to look at.
                logger.Malformed(error);
                WebhookMetrics.Reject("malformed");
                await inbox.AddAsync(new InboxEntry(null, null, null, null, body, InboxStatus.Rejected, error), cancellationToken);
                return ReceiveOutcome.Malformed(error);
            }

            var entry = ToEntry(envelope, body);
            var stored = await inbox.AddAsync(entry, cancellationToken);
            _outage.Recovered();
            if (!stored)
            {
                logger.Duplicate(envelope.Type, envelope.DartTaskId);
                WebhookMetrics.Duplicate.Add(1);
                return ReceiveOutcome.Accepted;
            }

            WebhookMetrics.Received.Add(1);
            if (entry.Status == InboxStatus.Pending)
            {
                signal.Wake();
            }

            return ReceiveOutcome.Accepted;
        }
        catch (NpgsqlException ex)
        {
            if (TransientFailure.Is(ex))
            {
                _outage.Fault(ex.Message);
            }
            else
            {
                logger.StoreFailed(ex);
            }

            WebhookMetrics.Reject("database");
            return ReceiveOutcome.Unavailable;
        }
    }

    private InboxEntry ToEntry(WebhookEnvelope envelope, byte[] body)
    {
        var (status, note) = envelope switch
        {
            { Category: WebhookEventCategory.Unknown } => (InboxStatus.Ignored, $"Unknown event kind '{envelope.Type}'."),
            // A snapshot without DART's id stays pending: the processor's reader says why it is unreadable and sets it aside.
            { Category: WebhookEventCategory.TaskDeleted, DartTaskId: null } =>
                (InboxStatus.Ignored, "The task event has no DART task id (data.model.id or data.id: 12 letters and digits)."),
            _ => (InboxStatus.Pending, null),
        };
        if (envelope.Category == WebhookEventCategory.Unknown)
        {
            logger.UnknownKind(envelope.Type);
        }

        return new InboxEntry(envelope.Type, envelope.DartTaskId, envelope.DartUpdatedAt, envelope.DedupeKey, body, status, note);
    }
}
