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

    /// <summary>A loopback port that was free a moment ago (for a server that must know its URL before it starts).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
