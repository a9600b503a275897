namespace V7Sync.Jobs;

/// <summary>The scheduled jobs (section <c>Jobs</c>): Quartz clustering, the stale threshold and each job's cron.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the scheduler at all. Off for a replica that must only serve webhooks, or a test host.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Share one schedule between replicas through the tracking database: each firing runs on one replica.</summary>
    public bool Clustered { get; set; } = true;

    /// <summary>An in-progress task whose started_at is older than this is stale (the guide's §8.3: 7 days).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Post one comment on the DART task when it becomes stale.</summary>
    public bool CommentOnStaleTasks { get; set; }

    /// <summary>Quartz cron (seconds first). Default hourly.</summary>
    public string StaleCron { get; set; } = "0 0 * * * ?";

    /// <summary>Default every 15 minutes.</summary>
    public string IntegrityCron { get; set; } = "0 0/15 * * * ?";

    /// <summary>Default daily at 02:00 (UTC).</summary>
    public string FullResyncCron { get; set; } = "0 0 2 * * ?";
}
