namespace V7Sync.Jobs;

internal static class JobsExtensions
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
