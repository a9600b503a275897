using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

/// <summary>A raw HTTP client for the sandbox: the tests check DART's wire shapes, not a typed client's view of them.</summary>
public static class SandboxClient
{
    public static HttpClient Create(DartSandbox sandbox, string? token = null)
    {
        var client = new HttpClient();
        if (token is not null || sandbox.Token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? sandbox.Token);
        }

        return client;
    }

    public static Uri Url(DartSandbox sandbox, string relative) => new(sandbox.BaseUrl + relative);

    /// <summary>Sends a JSON body and returns DART's answer as it came: status and raw text.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> SendJsonAsync(this HttpClient client, HttpMethod method, Uri url, string body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The `item` of a `{"item": …}` answer.</summary>
    public static JsonElement Item(string body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("item").Clone();
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, Uri url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
