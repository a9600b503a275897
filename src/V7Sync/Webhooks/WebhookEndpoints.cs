using System.Buffers;
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
        var body = await ReadBodyAsync(request, max, cancellationToken);
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
    /// <paramref name="max"/>: at once from Content-Length, else while streaming, never buffering more than max.
    /// </summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
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
            var read = await request.Body.ReadAsync(buffer.GetMemory(4096), cancellationToken);
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
