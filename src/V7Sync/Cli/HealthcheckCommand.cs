using System.CommandLine;
using V7Sync.Hosting;

namespace V7Sync.Cli;

/// <summary>
/// `v7sync healthcheck` (hidden): the container's HEALTHCHECK. The ASP.NET runtime image has no curl or wget, so
/// the app checks itself: GET /healthz/live on the management port (Management:Port), exit 0 when it answers 200,
/// 3 (a dependency failed: the app itself) otherwise.
/// </summary>
internal static class HealthcheckCommand
{
    public static Command Create(WebApplication app)
    {
        var url = new Option<Uri?>("--url") { Description = "The URL to probe (default: /healthz/live on 127.0.0.1:Management:Port)." };
        var command = new Command("healthcheck", "Probe the running app's liveness endpoint; exit 0 when it is live.") { url };
        command.Hidden = true;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetValue(url) ?? LiveUrl(app.Services.GetRequiredService<ServedAddresses>().ManagementPort);
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

            return CliAction.DependencyError;
        });
        return command;
    }

    /// <summary>The management port on loopback: every interface serves it, so this one does too.</summary>
    internal static Uri LiveUrl(int managementPort) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http://127.0.0.1:{managementPort}/healthz/live"));
}
