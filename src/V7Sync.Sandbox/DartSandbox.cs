using System.Security.Cryptography;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace V7Sync.Sandbox;

/// <summary>
/// A stand-in for DART's public API on 127.0.0.1: the routes V7Sync uses with DART's shapes (dart-api.md), bearer
/// auth, per-route request counters, signed webhooks for every change made through the API or the
/// <see cref="Store"/>, and the controls a fault test needs (<see cref="Faults"/>, <see cref="Creates"/>). Start one
/// per test; it costs a few milliseconds.
/// </summary>
public sealed class DartSandbox : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DartSandbox(WebApplication app, SandboxStore store, SandboxDocs docs, RequestCounters requests, WebhookSender webhooks, string token,
        SandboxFaults faults, SandboxCreates creates)
    {
        _app = app;
        Store = store;
        Docs = docs;
        Requests = requests;
        Webhooks = webhooks;
        Token = token;
        Faults = faults;
        Creates = creates;
        BaseUrl = new Uri(LoopbackHost.Address(app) + SandboxApi.BasePath);
    }

    /// <summary>The API base, e.g. http://127.0.0.1:41234/api/v0/public (no trailing slash): V7Sync's Dart:BaseUrl.</summary>
    public Uri BaseUrl { get; }

    public string Token { get; }

    public SandboxStore Store { get; }

    /// <summary>The workspace's docs (the personas' reports among them); changes send doc.* webhooks.</summary>
    public SandboxDocs Docs { get; }

    public RequestCounters Requests { get; }

    public WebhookSender Webhooks { get; }

    /// <summary>Answers to give instead of serving (429, 5xx) for the next requests of a route.</summary>
    public SandboxFaults Faults { get; }

    /// <summary>The tasks created through POST /tasks, and the hook that runs before each create is answered.</summary>
    public SandboxCreates Creates { get; }

    public static async Task<DartSandbox> StartAsync(DartSandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DartSandboxOptions();
        if (options.TaskIdPrefix.Length > 0 && !SandboxIds.IsValidPrefix(options.TaskIdPrefix))
        {
            throw new ArgumentException($"TaskIdPrefix \"{options.TaskIdPrefix}\" must be at most 8 letters or digits.", nameof(options));
        }

        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;

        var builder = LoopbackHost.CreateBuilder(options.Port);
        builder.Services.AddSingleton(loggerFactory);
        var app = builder.Build();

        var store = new SandboxStore(options.TimeProvider, options.TaskIdPrefix);
        var requests = new RequestCounters();
        var faults = new SandboxFaults();
        var creates = new SandboxCreates();
        var webhooks = new WebhookSender(loggerFactory.CreateLogger<DartSandbox>(), options.WebhookUrl, options.WebhookSecret, options.Subscription);
        store.Changed += webhooks.Publish;
        var docs = new SandboxDocs();
        docs.Changed += webhooks.PublishDoc;

        var expected = $"Bearer {options.Token}";
        if (options.Latency > TimeSpan.Zero)
        {
            var latency = options.Latency;
            app.Use(async (ctx, next) =>
            {
                await Task.Delay(latency, TimeProvider.System, ctx.RequestAborted);
                await next(ctx);
            });
        }

        app.Use((ctx, next) =>
        {
            var route = RouteKey(ctx);
            requests.Add(route);
            if (!Authorized(ctx, expected))
            {
                return SandboxResponse.Errors(ctx, StatusCodes.Status401Unauthorized, ["Authentication credentials were not provided."]);
            }

            return faults.TryTake(route, out var fault) ? SandboxFaults.WriteAsync(ctx, fault) : next(ctx);
        });
        SandboxApi.Map(app, store, creates, docs);

        await app.StartAsync(cancellationToken);
        var sandbox = new DartSandbox(app, store, docs, requests, webhooks, options.Token, faults, creates);
        loggerFactory.CreateLogger<DartSandbox>().Listening(sandbox.BaseUrl);
        return sandbox;
    }

    public async ValueTask DisposeAsync()
    {
        Store.Changed -= Webhooks.Publish;
        Docs.Changed -= Webhooks.PublishDoc;
        await Webhooks.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Constant-time comparison of the whole header, without allocating per request.</summary>
    private static bool Authorized(HttpContext ctx, string expected)
    {
        var header = ctx.Request.Headers.Authorization;
        return header.Count == 1 && header[0] is { } value
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(value.AsSpan()), MemoryMarshal.AsBytes(expected.AsSpan()));
    }

    /// <summary>"GET /tasks/{id}": the route's counter key, or the raw method and path when nothing matched.</summary>
    private static string RouteKey(HttpContext ctx) =>
        ctx.GetEndpoint()?.Metadata.GetMetadata<SandboxRoute>()?.Key ?? $"{ctx.Request.Method} {ctx.Request.Path}";
}
