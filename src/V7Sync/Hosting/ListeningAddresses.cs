using System.Net;

namespace V7Sync.Hosting;

/// <summary>
/// The addresses Kestrel will listen on, worked out from configuration before it starts (options are validated
/// first), the way ASP.NET Core picks them: Kestrel's own endpoints (<c>Kestrel:Endpoints:*:Url</c>) win over the
/// host's; the host's are <c>urls</c> (<c>ASPNETCORE_URLS</c>, <c>--urls</c>, <c>Urls</c> in appsettings.json), else
/// <c>http_ports</c>/<c>https_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>: every interface); with none, V7Sync's default
/// <c>http://*:8080</c> (<see cref="ServedAddresses"/> puts it in place: ASP.NET Core's own would be localhost:5000).
/// </summary>
/// <remarks>Addresses set in code (<c>app.Urls</c>) are not configuration and are not seen here.</remarks>
internal static class ListeningAddresses
{
    public const string DefaultAddress = "http://*:8080";

    public static IReadOnlyList<string> FromConfiguration(IConfiguration configuration)
    {
        if (KestrelEndpointsWin(configuration))
        {
            return KestrelEndpoints(configuration);
        }

        var hosting = HostingAddresses(configuration);
        return hosting.Count > 0 ? hosting : [DefaultAddress];
    }

    /// <summary>Whether Kestrel binds its own endpoints rather than the host's addresses.</summary>
    public static bool KestrelEndpointsWin(IConfiguration configuration) =>
        // preferHostingUrls turns the precedence round, as Kestrel's address binder does.
        KestrelEndpoints(configuration).Count > 0 && !(HostingAddresses(configuration).Count > 0 && IsTrue(configuration["preferHostingUrls"]));

    private static List<string> KestrelEndpoints(IConfiguration configuration) =>
        [.. configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"]?.Trim()).OfType<string>().Where(url => url.Length > 0)];

    /// <summary>
    /// True when only this machine can reach <paramref name="address"/>: localhost, a loopback IP, a Unix socket or a
    /// named pipe. A wildcard (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>), any other host name (Kestrel listens on
    /// every interface for those) or an address that does not parse is not.
    /// </summary>
    public static bool IsLoopback(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }

        if (binding.IsUnixPipe || binding.IsNamedPipe)
        {
            return true;
        }

        return string.Equals(binding.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(binding.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private static List<string> HostingAddresses(IConfiguration configuration)
    {
        var urls = configuration["urls"];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            return Split(urls);
        }

        // The ports settings mean every interface: ASP.NET Core expands each to scheme://*:port.
        return [.. Split(configuration["http_ports"]).Select(port => $"http://*:{port}"),
            .. Split(configuration["https_ports"]).Select(port => $"https://*:{port}")];
    }

    private static List<string> Split(string? list) =>
        [.. (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static bool IsTrue(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";
}
