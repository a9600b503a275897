using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace V7Sync.Webhooks;

/// <summary>POST /webhooks/dart: verified, stored durably, then acknowledged; the processor applies it later.</summary>
internal static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder endpoints)
    {
        // Bounded on the group, so the health endpoints beside it are never limited (WebhookLimits).
        var group = endpoints.MapGroup("/webhooks").WithWebhookLimits();
        group.MapPost("/dart", ReceiveDartWebhookAsync).WithName("ReceiveDartWebhook");
        return group;
    }

    internal static async Task<Results<Ok<WebhookAck>, UnauthorizedHttpResult, ProblemHttpResult>> ReceiveDartWebhookAsync(
        HttpRequest request,
        WebhookReceiver receiver,
        IOptions<WebhooksOptions> options,
        ILogger<WebhookReceiver> logger,
        CancellationToken cancellationToken)
    {
        var arrived = Stopwatch.GetTimestamp();
        var max = options.Value.MaxBodyBytes;
        byte[]? body;
        try
        {
            // Kestrel has a limit of its own (30 MB unless configured) that would cut a larger max short: make it ours.
            if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = max;
            }

            body = await WebhookBodyReader.ReadAsync(request.Body, request.ContentLength, max, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's limit, set to max above, met the body first.
            body = null;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            // Kestrel's minimum body data rate (WebhookLimits): a trickle is cut off instead of holding a request open.
            logger.BodyUnreadable(ex.Message);
            WebhookMetrics.Reject("too_slow");
            return TypedResults.Problem(
                statusCode: StatusCodes.Status408RequestTimeout, title: "The body arrived too slowly.", detail: ex.Message);
        }
        catch (IOException ex)
        {
            // The client went away or sent less than it declared: its request, not this server, is at fault.
            logger.BodyUnreadable(ex.Message);
            WebhookMetrics.Reject("unreadable");
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The body could not be read.",
                detail: "The request ended before its body was complete.");
        }

        if (body is null)
        {
            logger.BodyTooLarge(request.ContentLength ?? max + 1L, max);
            WebhookMetrics.Reject("too_large");
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The body is too large.",
                detail: $"Webhook bodies are limited to {max} bytes.");
        }

        var outcome = await receiver.ReceiveAsync(body, request.Headers[WebhookSignature.HeaderName], cancellationToken);
        return outcome.Result switch
        {
            ReceiveResult.Accepted => Acknowledged(arrived),
            ReceiveResult.Unauthorized => TypedResults.Unauthorized(),
            ReceiveResult.Malformed => TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "The webhook body is malformed.", detail: outcome.Error),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The event could not be stored.",
                detail: "The tracking database is unavailable; the event was not acknowledged. Send it again later."),
        };
    }

    private static Ok<WebhookAck> Acknowledged(long arrived)
    {
        WebhookMetrics.AckDuration.Record(Stopwatch.GetElapsedTime(arrived).TotalSeconds);
        return TypedResults.Ok(WebhookAck.Acknowledged);
    }
}
