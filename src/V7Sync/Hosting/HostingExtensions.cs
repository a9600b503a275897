using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace V7Sync.Hosting;

internal static class HostingExtensions
{
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddHosting(this IHostApplicationBuilder builder)
    {
        // The root appsettings.json is copied next to the binary; read it from there first so the app finds its
        // configuration whatever the working directory. appsettings in the content root and the environment win.
        // The source needs its own file provider: the default one is rooted at the content root and finds no absolute path.
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
        });

        // Worked out before Kestrel reads the addresses, and kept: the unsigned-mode check needs the webhook's own.
        var served = ServedAddresses.From(builder.Configuration);
        served.ApplyTo(builder.Configuration);
        builder.Services.AddSingleton(served);
        builder.Services.AddValidatedOptions<ManagementOptions, ManagementOptionsValidator>(ManagementOptions.Section);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        builder.AddTelemetry();
        return builder;
    }

    private static void AddTelemetry(this IHostApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(V7SyncTelemetry.ServiceName))
            .WithLogging()
            .WithTracing(tracing => tracing
                .AddSource(V7SyncTelemetry.ActivitySource.Name)
                // Probes and scrapes arrive every few seconds; tracing them would drown the traces that matter.
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ManagementPort.IsManagementPath(ctx.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(metrics => metrics
                .AddMeter(V7SyncTelemetry.Meter.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                // Scraped at /metrics on the management port (ManagementPort); OTLP below still gets everything.
                .AddPrometheusExporter());

        // Export only where a collector is configured; otherwise telemetry stays in-process and costs little.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>The checks /healthz/ready (and the v7sync_ready gauge) run.</summary>
    public static bool IsReadinessCheck(HealthCheckRegistration check) => check.Tags.Contains(ReadyTag);
}
