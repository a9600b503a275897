using Microsoft.Extensions.Options;
using V7Sync.Dart;
using V7Sync.Hosting;

namespace V7Sync.Push;

internal static class PushExtensions
{
    public static IHostApplicationBuilder AddPush(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<PushOptions, PushOptionsValidator>(PushOptions.Section);
        builder.Services.AddSingleton(sp => new PushRules(sp.GetRequiredService<IOptions<DartOptions>>().Value));
        builder.Services.AddSingleton<DartOutbox>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxListener>();
        builder.Services.AddSingleton<OutboxDrainer>();
        builder.Services.AddScoped<PushStore>();
        builder.Services.AddScoped<DartKeySearch>();
        builder.Services.AddScoped<BatchPusher>();
        builder.Services.AddScoped<PushPreview>();
        builder.Services.AddHostedService<OutboxProcessor>();
        return builder;
    }
}
