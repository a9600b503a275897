using V7Sync.Hosting;

namespace V7Sync.Analytics;

internal static class AnalyticsExtensions
{
    /// <summary>The report's options and writer; JobsExtensions schedules <see cref="ReportJob"/> when Report:Cron is set.</summary>
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ReportOptions, ReportOptionsValidator>(ReportOptions.Section);
        builder.Services.AddSingleton<ReportReader>();
        builder.Services.AddSingleton<ReportWriter>();
        return builder;
    }

    /// <summary>Whether the worker writes the report on a schedule: read at build time, as the trigger must be.</summary>
    public static bool ReportScheduled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{ReportOptions.Section}:{nameof(ReportOptions.Cron)}"]);
}
