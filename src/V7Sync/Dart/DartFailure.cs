using System.Net;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace V7Sync.Dart;

/// <summary>
/// The one classification of a failed DART call: whether it is DART's (an answer, a transport fault, the open
/// breaker, a body that does not read), whether DART rejected the token, and one line an operator can act on.
/// Never includes the token.
/// </summary>
internal static class DartFailure
{
    public static bool IsTokenRejected(Exception ex, out int statusCode)
    {
        statusCode = ex is ApiException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } api ? (int)api.StatusCode : 0;
        return statusCode != 0;
    }

    /// <summary>A failure of DART or of the way to it. Refit wraps every transport fault (refused, reset, timed out,
    /// the breaker open) in its ApiRequestException, an <see cref="ApiExceptionBase"/>.</summary>
    public static bool IsDartFailure(Exception ex) =>
        ex is ApiExceptionBase or HttpRequestException or TimeoutRejectedException or BrokenCircuitException or JsonException
            or DartProtocolException;

    /// <summary>
    /// DART refused the request for good: a 4xx answer that no retry heals (400 a bad field, 403, 404 a task that is
    /// gone, 409, 422). 401 (the token), 408 and 429 are not refusals: they pass.
    /// </summary>
    public static bool IsRefusal(Exception ex, out int statusCode)
    {
        statusCode = ex is ApiException api ? (int)api.StatusCode : 0;
        return statusCode is >= 400 and < 500 and not (401 or 408 or 429);
    }

    /// <summary>
    /// What DART said in a failed answer's body, made safe (it is DART's text): DRF's <c>detail</c> or <c>errors</c>
    /// when the body has them, else the body itself, capped. Null when there was no answer (a transport fault).
    /// </summary>
    public static string? AnswerText(Exception ex)
    {
        var body = (ex as ApiException)?.Content;
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                body = detail.GetString()!;
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                body = string.Join("; ", errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()));
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page, say): the text as it came, made safe below.
        }

        return DartText.SingleLine(body, DartText.MaxReasonLength);
    }

    public static string Describe(Exception ex) => ex switch
    {
        ApiException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } api =>
            $"DART rejected the API token (HTTP {(int)api.StatusCode}); check Dart:Token",
        // A success status that still failed means the body was not what DART's API promises.
        ApiException api when (int)api.StatusCode is >= 200 and < 300 =>
            $"DART's response to {api.HttpMethod} {api.Uri?.AbsolutePath} could not be read: {(api.InnerException ?? api).Message}",
        // Refit wraps transport faults (timeouts after retries, refused connections, the open breaker).
        ApiRequestException { InnerException: { } inner } => Describe(inner),
        ApiException api => $"DART answered {api.HttpMethod} {api.Uri?.AbsolutePath} with HTTP {(int)api.StatusCode} {api.ReasonPhrase}",
        JsonException json => $"DART's response could not be read: {json.Message}",
        TimeoutRejectedException => "DART did not answer in time (after retries)",
        BrokenCircuitException => "DART is failing; calls are paused by the circuit breaker",
        HttpRequestException http => $"DART could not be reached: {http.Message}",
        DartProtocolException protocol => protocol.Message,
        // Not DART's fault: the innermost message names it (EF's own says only "see the inner exception").
        _ => $"{ex.GetType().Name}: {ex.GetBaseException().Message}",
    };
}
