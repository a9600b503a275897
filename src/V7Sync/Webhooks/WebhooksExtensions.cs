using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using V7Sync.Hosting;

namespace V7Sync.Webhooks;

internal static class WebhooksExtensions
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<WebhooksOptions, WebhooksOptionsValidator>(WebhooksOptions.Section);
        builder.Services.AddWebhookLimits();
        builder.Services.AddSingleton(sp => new WebhookSignature(sp.GetRequiredService<IOptions<WebhooksOptions>>().Value.AcceptedSecrets));
        builder.Services.AddSingleton<WebhookInbox>();
        builder.Services.TryAddSingleton<InboxMaintenance>(); // `v7sync inbox`, and the retention job (AddJobs)
        builder.Services.AddSingleton<InboxSignal>();
        builder.Services.AddSingleton<WebhookReceiver>();
        builder.Services.AddHostedService<WebhookInboxProcessor>();
        return builder;
    }
}
