using System.Net.Http.Headers;
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

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, Uri url)
    {
        using var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
