using Npgsql;
using Quartz;

namespace V7Sync.Jobs;

/// <summary>Quartz's persistent job store on the tracking database, in the schema migration 003 creates.</summary>
internal static class QuartzStore
{
    /// <summary>Schema-qualified: Quartz's tables live in schema <c>quartz</c>, apart from the guide's.</summary>
    public const string TablePrefix = "quartz.qrtz_";

    /// <summary>Replicas share a schedule by sharing this name (the rows' sched_name) on one database.</summary>
    public const string SchedulerName = "v7sync";

    /// <summary>
    /// Stores jobs and triggers in the tracking database through the app's one <see cref="NpgsqlDataSource"/> (so the
    /// connection string is Tracking's, validated once). Clustered, each firing runs on exactly one replica and a
    /// replica that stops checking in has its triggers taken over by the others.
    /// </summary>
    public static IQuartzBuilder UseTrackingDatabase(this IQuartzBuilder quartz, bool clustered, Action<ClusteringOptions>? clustering = null)
    {
        quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
        return quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(database => database.DataSourceFactory = sp => sp.GetRequiredService<NpgsqlDataSource>());
            store.ConfigureStore(options => options.TablePrefix = TablePrefix);
            store.UseSystemTextJsonSerializer(_ => { });
            if (clustered)
            {
                store.UseClustering(clustering ?? (_ => { }));
            }
        });
    }
}
