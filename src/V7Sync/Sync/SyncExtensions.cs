namespace V7Sync.Sync;

internal static class SyncExtensions
{
    public static IHostApplicationBuilder AddSync(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
