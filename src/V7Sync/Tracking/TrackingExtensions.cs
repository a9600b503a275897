using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using V7Sync.Hosting;

namespace V7Sync.Tracking;

internal static class TrackingExtensions
{
    public static IHostApplicationBuilder AddTracking(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<TrackingOptions, TrackingOptionsValidator>(TrackingOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.ConnectionString = configuration[TrackingOptions.ConnectionStringKey] ?? "");

        // One data source for EF and for the raw SQL paths (inbox claims, set-based rules), built lazily so the
        // connection string is validated first and test hosts can override it.
        builder.Services.AddSingleton(sp =>
            new NpgsqlDataSourceBuilder(sp.GetRequiredService<IOptions<TrackingOptions>>().Value.ConnectionString)
                .EnableParameterLogging(false)
                .Build());

        builder.Services.AddDbContext<TrackingDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            // The schema is hand-written SQL (see TrackingDbContext remarks), so EF has no model snapshot to diff.
            .ConfigureWarnings(w => w
                .Ignore(RelationalEventId.PendingModelChangesWarning)
                // EF logs a failed query, save or connection as an error with its stack trace and then throws it; the
                // caller logs what it catches (an outage once as an episode, a surprise with its stack trace).
                .Log((CoreEventId.QueryIterationFailed, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug),
                    (RelationalEventId.ConnectionError, LogLevel.Debug), (RelationalEventId.TransactionError, LogLevel.Debug))));

        builder.Services.AddScoped<DatabaseMigrator>();
        builder.Services.AddHealthChecks()
            .AddCheck<TrackingDatabaseHealthCheck>("tracking-database", tags: [HostingExtensions.ReadyTag]);
        return builder;
    }
}
