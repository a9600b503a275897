namespace V7Sync.Operations;

internal static class OperationsExtensions
{
    /// <summary>The gauges behind /metrics (the exporter itself is registered with the telemetry, Hosting).</summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OperationsSnapshot>();
        builder.Services.AddHostedService<OperationsGauges>();
        return builder;
    }
}
