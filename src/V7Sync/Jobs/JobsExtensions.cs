using Microsoft.Extensions.Options;
using Quartz;
using V7Sync.Analytics;
using V7Sync.Hosting;
using V7Sync.Jobs.Integrity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using V7Sync.Jobs.Integrity.Rules;
using V7Sync.Webhooks;

namespace V7Sync.Jobs;

internal static class JobsExtensions
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<JobsOptions, JobsOptionsValidator>(JobsOptions.Section);
        builder.Services.AddValidatedOptions<RetentionOptions, RetentionOptionsValidator>(RetentionOptions.Section);
        builder.Services.TryAddSingleton<InboxMaintenance>(); // the retention job's (AddWebhooks registers it too)
        builder.Services.AddIntegrityRules();
        builder.Services.AddSingleton<StaleTaskCommenter>();
        builder.Services.Replace(ServiceDescriptor.Singleton(QuartzOutageLogging.Create)); // Quartz logs an outage once

        // Whether to cluster decides how Quartz is built, so it is read here; a malformed value falls back to the
        // default and is then reported, naming the key, when the bound options are validated at start.
        var clustered = ReadFlag(builder.Configuration, nameof(JobsOptions.Clustered));
        builder.Services.AddQuartz(quartz =>
        {
            quartz.UseTrackingDatabase(clustered);
            quartz.AddCronJob<StaleInProgressJob>(o => o.StaleCron);
            quartz.AddCronJob<IntegrityCheckJob>(o => o.IntegrityCron);
            quartz.AddCronJob<FullResyncJob>(o => o.FullResyncCron);
            quartz.AddCronJob<RetentionJob, RetentionOptions>(o => o.Cron);
            if (AnalyticsExtensions.ReportScheduled(builder.Configuration))
            {
                quartz.AddCronJob<ReportJob, ReportOptions>(o => o.Cron!);
            }
        });
        if (ReadFlag(builder.Configuration, nameof(JobsOptions.Enabled)))
        {
            if (clustered)
            {
                // Before Quartz's own service, so that it stops after it: a clean stop leaves the cluster cleanly.
                builder.Services.AddHostedService<QuartzClusterExit>();
            }

            // Shutdown waits for a running job, so a deploy never cuts an integrity run or a resync in half.
            builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }

        return builder;
    }

    /// <summary>The rules every integrity run applies, in the order `v7sync check` reports them.</summary>
    public static IServiceCollection AddIntegrityRules(this IServiceCollection services)
    {
        services.AddSingleton<IIntegrityRule, OrphanedTaskRule>();
        services.AddSingleton<IIntegrityRule, CompletedWithoutDartLinkRule>();
        services.AddSingleton<IIntegrityRule, StaleInProgressRule>();
        services.AddSingleton<IIntegrityRule, MissingDependencyRule>();
        services.AddSingleton<IIntegrityRule, DependencyCycleRule>();
        services.AddSingleton<IIntegrityRule, CompletedBeforeDependencyRule>();
        services.AddSingleton<IIntegrityRule, InProgressBeforeDependencyRule>();
        services.AddSingleton<IIntegrityRule, PhaseDoneWithOpenTasksRule>();
        services.AddSingleton<IIntegrityRule, PhaseReviewWithoutDeliverablesRule>();
        services.AddSingleton<IIntegrityRule, PhaseReadyForReviewRule>();
        services.AddSingleton<IIntegrityRule, TaskActiveInUnstartedPhaseRule>();
        services.AddSingleton<IIntegrityRule, DuplicateDartLinkRule>();
        services.AddSingleton<IIntegrityRule, DartTaskDeletedRule>();
        services.AddSingleton<IIntegrityRule, DartTaskUnlinkedRule>();
        services.AddSingleton<IIntegrityRule, WorkOrderKeyConflictRule>();
        services.AddSingleton<IIntegrityRule, AssigneeMismatchRule>();
        services.AddSingleton<IntegrityRunner>();
        services.AddSingleton<OpenFindings>();
        return services;
    }

    private static void AddCronJob<TJob>(this IQuartzBuilder quartz, Func<JobsOptions, string> cron)
        where TJob : class, IJob => quartz.AddCronJob<TJob, JobsOptions>(cron);

    /// <summary>
    /// Registers a job (and its type in DI, which AddJob does) with one cron trigger read from its options
    /// when the scheduler starts, after the options were validated. A misfire (the app was down, or the previous run
    /// was still going) does nothing: the next regular firing runs, and no backlog is replayed.
    /// </summary>
    private static void AddCronJob<TJob, TOptions>(this IQuartzBuilder quartz, Func<TOptions, string> cron)
        where TJob : class, IJob
        where TOptions : class
    {
        var name = typeof(TJob).Name;
        quartz.AddJob<TJob>(job => job.WithIdentity(name));
        quartz.AddTrigger<TJob>((sp, trigger) => trigger
            .ForJob(name)
            .WithIdentity($"{name}.cron")
            .WithCronSchedule(cron(sp.GetRequiredService<IOptions<TOptions>>().Value), schedule => schedule
                .InTimeZone(TimeZoneInfo.Utc)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }

    private static bool ReadFlag(IConfiguration configuration, string key) =>
        !bool.TryParse(configuration[$"{JobsOptions.Section}:{key}"], out var value) || value;
}
