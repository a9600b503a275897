using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using V7Sync.Sandbox;

namespace V7Sync.IntegrationTests.Sandbox;

/// <summary>A bare HTTP endpoint on loopback that records every webhook the sandbox posts to it.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<(string? Signature, byte[] Body)> Received { get; } = new();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var app = LoopbackHost.CreateBuilder().Build();
        WebhookReceiver? receiver = null;
        app.MapPost("/hook", async ctx =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            receiver!.Received.Enqueue((ctx.Request.Headers["Dart-Signature"].ToString(), buffer.ToArray()));
            ctx.Response.StatusCode = StatusCodes.Status200OK;
        });
        await app.StartAsync();
        receiver = new WebhookReceiver(app, new Uri(LoopbackHost.Address(app) + "/hook"));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
