using System.Globalization;

namespace V7Sync.Hosting;

/// <summary>
/// Where the app listens: the webhook endpoint where the operator says (<c>ASPNETCORE_URLS</c>, <c>--urls</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c> or <c>Kestrel:Endpoints</c>; <see cref="ListeningAddresses.DefaultAddress"/> when none
/// does), and health and metrics on <c>Management:Port</c> of every interface, so that an ingress in front of the
/// first exposes only <c>/webhooks/dart</c>. Worked out once from configuration, before Kestrel reads it.
/// </summary>
/// <param name="Webhooks">The webhook endpoint's addresses: what <c>Webhooks:AllowUnsigned</c>'s loopback check looks at.</param>
internal sealed record ServedAddresses(IReadOnlyList<string> Webhooks, int ManagementPort)
{
    public const int DefaultManagementPort = 9464;

    /// <summary>The Kestrel endpoint name of the management port, when the operator's own endpoints are what Kestrel binds.</summary>
    private const string ManagementEndpoint = "V7SyncManagement";

    public static ServedAddresses From(IConfiguration configuration) =>
        new(ListeningAddresses.FromConfiguration(configuration), ReadPort(configuration));

    /// <summary>
    /// Tells Kestrel every address in the one list it binds (endpoints set in code would silence urls and ports):
    /// the management port is added to Kestrel:Endpoints when those win, else to <c>urls</c>, which also takes the
    /// ports settings' addresses (emptied, so Kestrel does not warn that urls override them) or the default.
    /// </summary>
    public void ApplyTo(IConfigurationManager configuration)
    {
        var management = string.Create(CultureInfo.InvariantCulture, $"http://*:{ManagementPort}");
        if (ListeningAddresses.KestrelEndpointsWin(configuration))
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"Kestrel:Endpoints:{ManagementEndpoint}:Url"] = management });
            return;
        }

        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = string.Join(';', Webhooks.Append(management)),
            ["http_ports"] = "",
            ["https_ports"] = "",
        });
    }

    /// <summary>Management:Port as configured; a malformed value falls back here and is named when the options are validated.</summary>
    private static int ReadPort(IConfiguration configuration) =>
        int.TryParse(configuration[ManagementOptions.PortKey], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : DefaultManagementPort;
}
