using System.CommandLine;

namespace V7Sync.Cli;

/// <summary>
/// `v7sync healthcheck` (hidden): the container's HEALTHCHECK. The ASP.NET runtime image has no curl or wget, so
/// the app checks itself: GET /healthz/live on the port it serves (from `Urls`), exit 0 when it answers 200.
/// </summary>
internal static class HealthcheckCommand
{
    public static Command Create(WebApplication app)
    {
        var url = new Option<Uri?>("--url") { Description = "The URL to probe (default: /healthz/live on the port of the first Urls entry)." };
        var command = new Command("healthcheck", "Probe the running app's liveness endpoint; exit 0 when it is live.") { url };
        command.Hidden = true;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetValue(url) ?? LiveUrl(app.Configuration["Urls"]);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            try
            {
                using var response = await http.GetAsync(target, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return CliAction.Ok;
                }

                Console.Error.WriteLine($"v7sync healthcheck: {target} answered {(int)response.StatusCode}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine($"v7sync healthcheck: {target} did not answer: {ex.Message}");
            }

            return 1;
        });
        return command;
    }

    /// <summary>http://0.0.0.0:8080;… → http://127.0.0.1:8080/healthz/live (a wildcard host is not an address to call).</summary>
    internal static Uri LiveUrl(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = 8080;
        var scheme = "http";
        if (first is not null && Uri.TryCreate(first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var parsed))
        {
            port = parsed.Port;
            scheme = parsed.Scheme;
        }

        return new Uri($"{scheme}://127.0.0.1:{port}/healthz/live");
    }
}
