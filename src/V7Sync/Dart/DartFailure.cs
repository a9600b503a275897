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
