using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace V7Sync.Sandbox;

/// <summary>
/// A bare Kestrel app on 127.0.0.1: the sandbox, and the small receivers tests stand up next to it. The empty
/// builder reads no appsettings.json and no environment, so the host app's settings (Urls, logging) cannot leak in.
/// </summary>
public static class LoopbackHost
{
    /// <param name="port">0 picks a free port; read it back with <see cref="Address"/> after start.</param>
    public static WebApplicationBuilder CreateBuilder(int port = 0)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        return builder;
    }

    /// <summary>The started app's address, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    // Below the kernel's range for outgoing connections, where none of them can take the port in the moment between
    // this answer and the caller's bind (a port the kernel hands out with 0 is one it may hand to a connect next).
    private const int LowestPort = 10_000;

    /// <summary>
    /// A port free on every address a moment ago (for a server that must know its URL before it starts), chosen at
    /// random below the ephemeral range (ip_local_port_range), so parallel callers rarely meet and no outgoing
    /// connection takes it first.
    /// </summary>
    public static int FreePort()
    {
        var ephemeralStart = EphemeralRangeStart();
        for (var attempt = 0; ephemeralStart > LowestPort && attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, ephemeralStart);
            if (IsFree(port))
            {
                return port;
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        var listener = Socket.OSSupportsIPv6 ? TcpListener.Create(port) : new TcpListener(IPAddress.Any, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
            listener.Dispose();
        }
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768; // Linux's default
        }
    }
}
