namespace V7Sync.Dart;

internal static class DartExtensions
{
    public static IHostApplicationBuilder AddDart(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
