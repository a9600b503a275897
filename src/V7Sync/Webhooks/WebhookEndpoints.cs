using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace V7Sync.Webhooks;

/// <summary>POST /webhooks/dart: verified, stored durably, then acknowledged; the processor applies it later.</summary>
internal static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/webhooks");
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
        var max = options.Value.MaxBodyBytes;
        byte[]? body;
        try
        {
            body = await ReadBodyAsync(request, max, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's limit, set to max below, met the body first.
            body = null;
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
            ReceiveResult.Accepted => TypedResults.Ok(WebhookAck.Acknowledged),
            ReceiveResult.Unauthorized => TypedResults.Unauthorized(),
            ReceiveResult.Malformed => TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest, title: "The webhook body is malformed.", detail: outcome.Error),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The event could not be stored.",
                detail: "The tracking database is unavailable; the event was not acknowledged. Send it again later."),
        };
    }

    /// <summary>
    /// Reads the raw body (the signature covers its exact bytes), or returns null as soon as it is known to exceed
    /// <paramref name="max"/>: at once from Content-Length, else while streaming, never reading more than max + 1 bytes.
    /// </summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        // Kestrel has a limit of its own (30 MB unless configured) that would cut a larger max short: make it ours.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        if (request.ContentLength is { } length)
        {
            if (length > max)
            {
                return null;
            }

            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, cancellationToken);
            return exact;
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min(max, 16 * 1024));
        while (true)
        {
            // Never asks for more than one byte past max: that byte is enough to know the body is too large.
            var room = buffer.GetMemory(4096);
            var read = await request.Body.ReadAsync(room[..Math.Min(room.Length, max + 1 - buffer.WrittenCount)], cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > max)
            {
                return null;
            }
        }
    }
}

/// <summary>The acknowledgement DART's own receivers send: <c>{"success": true}</c>.</summary>
internal sealed record WebhookAck(bool Success)
{
    public static readonly WebhookAck Acknowledged = new(true);
}
