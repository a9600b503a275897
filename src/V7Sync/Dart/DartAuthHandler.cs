using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace V7Sync.Dart;

/// <summary>Adds DART's Bearer token to every request; read per request so a rotated token applies at once.</summary>
internal sealed class DartAuthHandler(IOptionsMonitor<DartOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.CurrentValue.Token);
        return base.SendAsync(request, cancellationToken);
    }
}
