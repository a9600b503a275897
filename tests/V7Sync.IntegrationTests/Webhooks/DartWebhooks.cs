using System.Net.Http.Headers;
using System.Text;
using V7Sync.IntegrationTests.Infrastructure;
using V7Sync.Webhooks;
using DartSigner = V7Sync.Sandbox.WebhookSignature;

namespace V7Sync.IntegrationTests.Webhooks;

/// <summary>Builds DART webhook deliveries as DART sends them: JSON bodies signed with Dart-Signature.</summary>
public static class DartWebhooks
{
    public static readonly Uri Endpoint = new("/webhooks/dart", UriKind.Relative);

    public static string TaskEvent(string type, string id, string title, string status, DateTimeOffset updatedAt, bool wrapped = true)
    {
        var model = $$"""
            {"id":"{{id}}","htmlUrl":"https://app.dartai.com/t/{{id}}","title":"{{title}}","parentId":null,"dartboard":"General/Active",
             "type":"Task","status":"{{status}}","description":"","assignees":[],"tags":[],"priority":null,"attachments":[],
             "createdAt":"2026-11-20T08:00:00Z","updatedAt":"{{updatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","completedAt":null}
            """;
        return wrapped ? $$"""{"type":"{{type}}","data":{"model":""" + model + "}}" : $$"""{"type":"{{type}}","data":""" + model + "}";
    }

    public static HttpRequestMessage SignedRequest(string body, string? secret = V7SyncApp.WebhookSecret) =>
        SignedRequest(Encoding.UTF8.GetBytes(body), secret);

    public static HttpRequestMessage SignedRequest(byte[] body, string? secret = V7SyncApp.WebhookSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (secret is not null)
        {
            request.Headers.Add(WebhookSignature.HeaderName, DartSigner.Compute(secret, body));
        }

        return request;
    }

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string body, string? secret = V7SyncApp.WebhookSecret)
    {
        using var request = SignedRequest(body, secret);
        return await client.SendAsync(request);
    }
}
